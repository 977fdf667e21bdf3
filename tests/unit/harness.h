/*
 * harness.h: a tiny test harness for the unit tests (after Redis's testhelp.h).
 *
 * In: CHECK(name, condition) calls. Out: "ok NAME" or "FAIL NAME: file:line" per check and,
 * from DONE(), the closing "N passed, N failed" line and the exit status.
 */
#ifndef GW_HARNESS_H
#define GW_HARNESS_H

#include <stdio.h>

static int harness_pass, harness_fail;

#define CHECK(name, cond)                                                                  \
	do {                                                                               \
		if (cond) {                                                                \
			harness_pass++;                                                    \
			printf("ok %s\n", name);                                           \
		} else {                                                                   \
			harness_fail++;                                                    \
			printf("FAIL %s: %s:%d: %s\n", name, __FILE__, __LINE__, #cond);   \
		}                                                                          \
	} while (0)

#define DONE()                                                                             \
	do {                                                                               \
		printf("%d passed, %d failed\n", harness_pass, harness_fail);              \
		return harness_fail ? 1 : 0;                                               \
	} while (0)

#endif
