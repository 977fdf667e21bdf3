/*
 * notmpfile.c: runs a command for which open(2) with O_TMPFILE fails with EOPNOTSUPP, as on
 * a file system without O_TMPFILE support (vfat, many NFS servers).
 *
 * In: argv[1..], the command and its arguments. Out: the command's own exit status (this
 * program execs it), or 127 when the filter cannot be installed (no seccomp, an architecture
 * this file does not know): the caller skips the test then.
 *
 * How: a seccomp BPF filter (seccomp(2), SECCOMP_MODE_FILTER; inherited across execve) that
 * looks at the flags argument of open and openat and answers EOPNOTSUPP when it holds
 * __O_TMPFILE, and ENOSYS to openat2, whose flags it cannot see (libc falls back to openat).
 * The tests use it to exercise base/output.c's named fallback with no test hook in gongwen.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#endif

/* The low 32 bits of syscall argument i (flags fit in them). */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#else
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#endif

#define TMPFILE_BIT (O_TMPFILE & ~O_DIRECTORY) /* __O_TMPFILE */

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: notmpfile COMMAND [ARG...]\n");
		return 2;
	}
#ifdef ARCH
	/* (jump offsets count from the next instruction; the comments give the target's index) */
	struct sock_filter f[] = {
	        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0),
	        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 5, 0), /* to 10 */
#ifdef __NR_openat2
	        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat2, 8, 0), /* to 14 */
#else
	        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xFFFFFFFF, 8, 0),
#endif
#ifdef __NR_open
	        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 1, 0), /* to 8 */
#else
	        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xFFFFFFFF, 1, 0),
#endif
	        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	        /* open(path, flags, mode): flags are argument 1 */
	        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1)),
	        BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0), /* to 11 */
	        /* openat(dirfd, path, flags, mode): flags are argument 2 */
	        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
	        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, TMPFILE_BIT, 0, 1),
	        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EOPNOTSUPP & SECCOMP_RET_DATA)),
	        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	        /* openat2 */
	        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
	};
	struct sock_fprog prog = {(unsigned short)(sizeof f / sizeof f[0]), f};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
		perror("notmpfile: seccomp");
		return 127;
	}
	execvp(argv[1], argv + 1);
	perror("notmpfile: exec");
	return 127;
#else
	fprintf(stderr, "notmpfile: unknown architecture\n");
	return 127;
#endif
}
