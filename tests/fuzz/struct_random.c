/*
 * struct_random.c: the seeded random test of structured documents (gen_doc.h, fuzz_struct.c).
 *
 * In: [--count N] [--from S] [--seed S] [--write FILE] [--dump DIR]. Each seed S gives a
 * stream of bytes (splitmix64, so the same seed gives the same document everywhere) that
 * fuzz_struct.c's LLVMFuzzerTestOneInput decodes into a document and runs through the
 * pipeline with its checks. Without --seed it runs seeds S..S+N-1 (--from, default 1;
 * --count, default 100; --keep-going runs each in a child process and goes on after a
 * failure). --seed S runs that one seed; with --write FILE it writes the seed's
 * bytes to FILE instead (a corpus file for tests/fuzz/corpus/struct/), with --dump DIR it
 * also writes the document's layout.json, data.json and seal images into DIR.
 * Out: one line, "struct: N documents from seed S: R rendered (P pages, at most M on one
 * document, D as PDF), E refused for their deliberate error, L refused at a limit";
 * exit 0. On a failure the target prints why and aborts (or a sanitizer reports), and this
 * prints the seed and the command that reproduces it before the process dies.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gen_doc.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/common_interface_defs.h>
#define __SANITIZE_ADDRESS__ 1
#endif
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char say[512]; /* the message for a failure of the current seed */
static size_t say_len;

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/* The bytes of seed s: 16 to 4096 of them, sometimes up to 32768. */
static uint8_t *seed_bytes(uint64_t seed, size_t *len)
{
	uint64_t st = seed;
	uint64_t r = splitmix64(&st);
	size_t n = r % 8 ? 16 + (size_t)(r >> 8) % 4081 : 4096 + (size_t)(r >> 8) % 28673;
	uint8_t *b = gw_xmalloc(n);
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(splitmix64(&st) >> 56);
	*len = n;
	return b;
}

static void on_death(void)
{
	if (write(2, say, say_len) < 0)
		return;
}

static void on_signal(int sig)
{
	on_death();
	signal(sig, SIG_DFL);
	raise(sig);
}

int main(int argc, char **argv)
{
	uint64_t from = 1, count = 100, one = 0;
	int keep_going = 0;
	long failed = 0;
	const char *write_to = NULL;
	for (int a = 1; a < argc; a++) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;
		if (strcmp(argv[a], "--count") == 0 && v)
			count = strtoull(v, NULL, 10), a++;
		else if (strcmp(argv[a], "--from") == 0 && v)
			from = strtoull(v, NULL, 10), a++;
		else if (strcmp(argv[a], "--seed") == 0 && v)
			one = strtoull(v, NULL, 10), a++;
		else if (strcmp(argv[a], "--write") == 0 && v)
			write_to = v, a++;
		else if (strcmp(argv[a], "--keep-going") == 0)
			keep_going = 1;
		else if (strcmp(argv[a], "--dump") == 0 && v)
			setenv("FUZZ_STRUCT_DUMP", v, 1), a++;
		else {
			fprintf(stderr,
			        "usage: %s [--count N] [--from S] [--keep-going] | --seed S "
			        "[--write FILE] "
			        "[--dump DIR]\n",
			        argv[0]);
			return 2;
		}
	}
	if (one) {
		from = one;
		count = 1;
	}
	if (write_to) {
		size_t n;
		uint8_t *b = seed_bytes(one, &n);
		FILE *f = fopen(write_to, "wb");
		int ok = f && fwrite(b, 1, n, f) == n;
		if (f && fclose(f) != 0)
			ok = 0;
		free(b);
		if (!ok)
			perror(write_to);
		return ok ? 0 : 3;
	}
	signal(SIGABRT, on_signal);
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
	signal(SIGILL, on_signal);
#ifdef __SANITIZE_ADDRESS__
	__sanitizer_set_death_callback(on_death);
#endif
	for (uint64_t s = from; s < from + count; s++) {
		snprintf(say, sizeof say,
		         "struct: seed %llu failed; reproduce with: %s --seed %llu "
		         "(FUZZ_STRUCT_VERBOSE=1 "
		         "prints its files, --dump DIR writes them, --write FILE makes a corpus "
		         "file)\n",
		         (unsigned long long)s, argv[0], (unsigned long long)s);
		say_len = strlen(say);
		size_t n;
		uint8_t *b = seed_bytes(s, &n);
		if (keep_going) {
			/* each document in a child process: a failure ends only the child */
			fflush(NULL);
			pid_t pid = fork();
			if (pid == 0) {
				LLVMFuzzerTestOneInput(b, n);
				exit(0); /* atexit: the target removes its scratch folder */
			}
			int status = 0;
			if (pid < 0 || waitpid(pid, &status, 0) < 0 || status != 0)
				failed++;
			fuzz_struct_stats.docs++;
		} else {
			LLVMFuzzerTestOneInput(b, n);
		}
		free(b);
	}
	if (keep_going) {
		printf("struct: %ld documents from seed %llu, %ld failed\n", fuzz_struct_stats.docs,
		       (unsigned long long)from, failed);
		return failed ? 1 : 0;
	}
	const struct fuzz_struct_stats *st = &fuzz_struct_stats;
	printf("struct: %ld documents from seed %llu: %ld rendered (%ld pages, at most %ld in one "
	       "document; %ld also as PDF; %ld with items off the page, from extreme layouts; %ld "
	       "with text of rowspan cells lost), "
	       "%ld refused for their deliberate error, %ld refused at a limit\n",
	       st->docs, (unsigned long long)from, st->rendered, st->pages, st->max_pages, st->pdfs,
	       st->offpage, st->span_loss, st->refused_must, st->refused_limit);
	return 0;
}
