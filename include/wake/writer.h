/*
 * Writing an event stream: events in, TSV or JSON Lines bytes out
 * through a caller's output function, in chunks of at least 64 KiB.
 * Threaded, the formatting and the output run on a second thread while
 * the caller goes on making events: put() copies each event into a
 * batch, and full batches go to the writer thread through a short
 * queue.  Either way the bytes and their order are those of
 * wake_event_write_tsv/_json called on each event in turn.
 */
#ifndef WAKE_WRITER_H
#define WAKE_WRITER_H

#include <stddef.h>

#include <wake/event.h>
#include <wake/wake.h>

/*
 * Receives the next n bytes of output (n > 0; at least 64 KiB except
 * for the last chunk before a flush or close).  Returns WAKE_OK, or a
 * negative WAKE_ERR_* (WAKE_ERR_IO for a failed write) that stops the
 * writer: no more calls are made, and put/flush/close return it.  Keep
 * the detail (errno) on arg.  Threaded, it runs on the writer thread,
 * one call at a time.
 */
typedef int (*wake_write_fn)(void *arg, const char *p, size_t n);

struct wake_writer;

/*
 * Receives the next event of a pass-on writer (lent for the call).
 * Returns WAKE_OK, or a negative WAKE_ERR_* that stops the writer as an
 * error of out does.  It runs on the writer thread.
 */
typedef int (*wake_pass_fn)(void *arg, const struct wake_event *ev);

/*
 * Make a writer of TSV (json 0) or JSON Lines (json 1) to out(arg, ...).
 * threaded: format and call out on a thread of its own (when the thread
 * cannot be made, the writer silently works inline).  That thread has
 * the signals of the process blocked except SIGPIPE and SIGXFSZ, so a
 * write to a closed pipe acts as if the caller had made it.  Returns
 * WAKE_OK or WAKE_ERR_NOMEM.
 */
int wake_writer_new(struct wake_writer **wp, int json, wake_write_fn out,
    void *arg, int threaded);

/*
 * Make a writer that passes each event on to pass(arg, ev) on a thread
 * of its own, in order, rebuilt from the batch's copy: a stage of a
 * pipeline (when no thread can be made, pass is called inline).  Put,
 * flush and close are as for a writer of bytes; after close every
 * event has been passed.  Returns WAKE_OK or WAKE_ERR_NOMEM.
 */
int wake_writer_new_pass(struct wake_writer **wp, wake_pass_fn pass,
    void *arg);

/*
 * Write one event.  The event is copied (strings and attrs); the caller
 * keeps it.  Threaded, it blocks while the queue is full.  Returns
 * WAKE_OK, or the first error of the writer (from out, or
 * WAKE_ERR_NOMEM / WAKE_ERR_LIMIT), which every later call returns too:
 * stop making events then.  Threaded, an error of out is seen by put
 * within a few batches (some megabytes of events).
 */
int wake_writer_put(struct wake_writer *w, const struct wake_event *ev);

/*
 * Give every event put so far to out, the last short chunk too, and wait
 * until out has returned.  Returns WAKE_OK or the first error.
 */
int wake_writer_flush(struct wake_writer *w);

/*
 * Flush and stop the writer thread.  Returns WAKE_OK or the first error
 * (a write error of out, say).  Only wake_writer_free may follow.
 */
int wake_writer_close(struct wake_writer *w);

/*
 * Free the writer.  Without a close first, events not yet written are
 * dropped (a call of out under way is waited for).  NULL does nothing.
 */
void wake_writer_free(struct wake_writer *w);

#endif /* WAKE_WRITER_H */
