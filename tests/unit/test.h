/*
 * Unit tests use cmocka.  A test is written
 *
 *	TEST(name)
 *	{
 *		assert_int_equal(...);
 *	}
 *
 * at the start of a line; mkmain.sh finds every TEST( line and writes the
 * main() that runs them.
 */
#ifndef WAKE_TEST_H
#define WAKE_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define TEST(name) void name(void **cmocka_state); \
	void name(void **cmocka_state __attribute__((unused)))

/* Compare n bytes at p with a NUL-terminated string, showing both. */
#define assert_mem_str(p, n, s) do {					\
	const char *as_p_ = (const char *)(p); size_t as_n_ = (n);	\
	const char *as_s_ = (s);					\
	if (as_n_ != strlen(as_s_) || memcmp(as_p_, as_s_, as_n_) != 0)	\
		fail_msg("got \"%.*s\", want \"%s\"", (int)as_n_, as_p_,	\
		    as_s_);						\
} while (0)

#endif
