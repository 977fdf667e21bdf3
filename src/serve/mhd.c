/*
 * mhd.c: libmicrohttpd loaded with dlopen when `gongwen serve` starts (see mhd.h).
 *
 * In: the library's soname, GW_MHD_SONAME (the Makefile reads it from the library linked
 * against at build time, so the version matches the headers). Out: gw_mhd filled, or the
 * reason it cannot be.
 */
#include "mhd.h"

#include "../cli/dl.h"

#include <stdio.h>

/* Debian 12's, when the Makefile could not read it (then GW_MHD_SONAME is "") */
#define DEFAULT_SONAME "libmicrohttpd.so.12"
#ifndef GW_MHD_SONAME
#define GW_MHD_SONAME DEFAULT_SONAME /* Debian 12's libmicrohttpd12 */
#endif

gw_mhd_api gw_mhd;
static void *handle; /* the library, loaded once and kept for the process */

int gw_mhd_load(char *err, size_t errlen)
{
	if (handle)
		return 0;
	const char *so = GW_MHD_SONAME[0] ? GW_MHD_SONAME : DEFAULT_SONAME;
	const gw_dl_sym syms[] = {
	        {"MHD_start_daemon_va", &gw_mhd.start_daemon_va},
	        {"MHD_stop_daemon", &gw_mhd.stop_daemon},
	        {"MHD_quiesce_daemon", &gw_mhd.quiesce_daemon},
	        {"MHD_get_daemon_info", &gw_mhd.get_daemon_info},
	        {"MHD_get_connection_info", &gw_mhd.get_connection_info},
	        {"MHD_lookup_connection_value", &gw_mhd.lookup_connection_value},
	        {"MHD_suspend_connection", &gw_mhd.suspend_connection},
	        {"MHD_resume_connection", &gw_mhd.resume_connection},
	        {"MHD_create_response_from_buffer", &gw_mhd.create_response_from_buffer},
	        {"MHD_create_response_from_buffer_with_free_callback",
	         &gw_mhd.create_response_from_buffer_with_free_callback},
	        {"MHD_add_response_header", &gw_mhd.add_response_header},
	        {"MHD_queue_response", &gw_mhd.queue_response},
	        {"MHD_destroy_response", &gw_mhd.destroy_response},
	};
	handle = gw_dl_load(so, "libmicrohttpd", syms, sizeof syms / sizeof syms[0], err, errlen);
	return handle ? 0 : -1;
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
