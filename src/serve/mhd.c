/*
 * mhd.c: libmicrohttpd loaded with dlopen when `gongwen serve` starts (see mhd.h).
 *
 * In: the library's soname, GW_MHD_SONAME (the Makefile reads it from the library linked
 * against at build time, so the version matches the headers). Out: gw_mhd filled, or the
 * reason it cannot be.
 */
#include "mhd.h"

#include <dlfcn.h>
#include <stdio.h>

/* Debian 12's, when the Makefile could not read it (then GW_MHD_SONAME is "") */
#define DEFAULT_SONAME "libmicrohttpd.so.12"
#ifndef GW_MHD_SONAME
#define GW_MHD_SONAME DEFAULT_SONAME /* Debian 12's libmicrohttpd12 */
#endif

gw_mhd_api gw_mhd;
static void *handle; /* the library, loaded once and kept for the process */

/*
 * Stores dlsym(h, name) in *slot (a function pointer's storage: POSIX dlsym returns functions
 * as void *, "Application Usage" of dlsym in POSIX.1-2017). Returns 0, or -1 when missing.
 */
static int sym(void *h, const char *name, void *slot)
{
	void *p = dlsym(h, name);
	if (!p)
		return -1;
	*(void **)slot = p;
	return 0;
}

int gw_mhd_load(char *err, size_t errlen)
{
	if (handle)
		return 0;
	const char *so = GW_MHD_SONAME[0] ? GW_MHD_SONAME : DEFAULT_SONAME;
	void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, errlen, "cannot load libmicrohttpd (%s): %s", so, dlerror());
		return -1;
	}
	const char *missing = NULL;
#define SYM(field, name)                                                                           \
	if (!missing && sym(h, name, &gw_mhd.field) != 0)                                          \
		missing = name;
	SYM(start_daemon_va, "MHD_start_daemon_va")
	SYM(stop_daemon, "MHD_stop_daemon")
	SYM(quiesce_daemon, "MHD_quiesce_daemon")
	SYM(get_daemon_info, "MHD_get_daemon_info")
	SYM(get_connection_info, "MHD_get_connection_info")
	SYM(lookup_connection_value, "MHD_lookup_connection_value")
	SYM(suspend_connection, "MHD_suspend_connection")
	SYM(resume_connection, "MHD_resume_connection")
	SYM(create_response_from_buffer, "MHD_create_response_from_buffer")
	SYM(create_response_from_buffer_with_free_callback,
	    "MHD_create_response_from_buffer_with_free_callback")
	SYM(add_response_header, "MHD_add_response_header")
	SYM(queue_response, "MHD_queue_response")
	SYM(destroy_response, "MHD_destroy_response")
#undef SYM
	if (missing) {
		snprintf(err, errlen, "libmicrohttpd (%s) has no function %s", so, missing);
		dlclose(h);
		return -1;
	}
	handle = h;
	return 0;
}

struct MHD_Daemon *gw_mhd_start_daemon(unsigned int flags, uint16_t port,
                                       MHD_AcceptPolicyCallback apc, void *apc_cls,
                                       MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	va_list ap;
	va_start(ap, dh_cls);
	struct MHD_Daemon *d = gw_mhd.start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}
