/*
 * fuzz_main.c: runs a fuzz target without libFuzzer (the cJSON fuzzing/fuzz_main.c idea).
 *
 * In: file and directory paths on the command line; every regular file named, and every
 * regular file directly inside a named directory, is read whole and passed to
 * LLVMFuzzerTestOneInput. Out: "ran N inputs" on stdout; exit status 0, or 2 when a path
 * cannot be read. Built with -fsanitize=address,undefined it replays a corpus under gcc.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Reads the file at path and runs the target on it. Returns 1 when it ran, 0 on error.
 */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;
	if (!f) {
		perror(path);
		return 0;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			uint8_t *p = realloc(buf, cap);
			if (!p) {
				fprintf(stderr, "%s: out of memory\n", path);
				free(buf);
				fclose(f);
				return 0;
			}
			buf = p;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		perror(path);
		free(buf);
		return 0;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 1;
}

int main(int argc, char **argv)
{
	int ran = 0, failed = 0;
	for (int a = 1; a < argc; a++) {
		struct stat st;
		if (stat(argv[a], &st) != 0) {
			perror(argv[a]);
			failed = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (run_file(argv[a]))
				ran++;
			else
				failed = 1;
			continue;
		}
		DIR *dir = opendir(argv[a]);
		if (!dir) {
			perror(argv[a]);
			failed = 1;
			continue;
		}
		for (struct dirent *e; (e = readdir(dir)) != NULL;) {
			size_t n = strlen(argv[a]) + strlen(e->d_name) + 2;
			char *path = malloc(n);
			if (!path)
				break;
			snprintf(path, n, "%s/%s", argv[a], e->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (run_file(path))
					ran++;
				else
					failed = 1;
			}
			free(path);
		}
		closedir(dir);
	}
	printf("ran %d inputs\n", ran);
	return failed ? 2 : 0;
}
