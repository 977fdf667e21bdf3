/*
 * fuzz_check.h: CHECK(cond), the fuzz targets' assertion: aborts when cond is false (assert
 * would vanish under NDEBUG), so libFuzzer and the corpus replayer report the input.
 * In: nothing but <stdlib.h>. Out: the macro.
 */
#ifndef GW_FUZZ_CHECK_H
#define GW_FUZZ_CHECK_H

#include <stdlib.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

#endif
