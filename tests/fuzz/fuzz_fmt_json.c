/* Fuzz the JSON Lines and journald formats (see fmt_fuzz.h). */
#include "fmt_fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fmt_fuzz_run(&wk_fmt_jsonl, (const char *)data, size, 0);
	fmt_fuzz_run(&wk_fmt_journald, (const char *)data, size, 0);
	fmt_fuzz_run(&wk_fmt_jsonl, (const char *)data, size, 1);
	fmt_fuzz_run(&wk_fmt_journald, (const char *)data, size, 1);
	return 0;
}
