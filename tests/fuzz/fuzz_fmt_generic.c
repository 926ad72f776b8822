/* Fuzz the generic format (see fmt_fuzz.h). */
#include "fmt_fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fmt_fuzz_run(&wk_fmt_generic, (const char *)data, size, 0);
	return 0;
}
