/*
 * mhd.h: libmicrohttpd for `gongwen serve`, loaded with dlopen when the server starts
 * (serve/mhd.c) instead of linked: linked, it and the libraries it pulls in (gnutls,
 * nettle, gmp, p11-kit, idn2, ...: 11 shared objects, ~3,000 symbol relocations) were mapped
 * and relocated by every command, about 5 ms of each render's start (issue 14).
 *
 * In: nothing. Out: gw_mhd, a table of the libmicrohttpd functions serve calls, filled by
 * gw_mhd_load; the types and constants are still microhttpd.h's.
 */
#ifndef GW_SERVE_MHD_H
#define GW_SERVE_MHD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

/* The libmicrohttpd functions serve calls; each field is the function of the same name. */
typedef struct gw_mhd_api {
	struct MHD_Daemon *(*start_daemon_va)(unsigned int flags, uint16_t port,
	                                      MHD_AcceptPolicyCallback apc, void *apc_cls,
	                                      MHD_AccessHandlerCallback dh, void *dh_cls,
	                                      va_list ap);
	void (*stop_daemon)(struct MHD_Daemon *daemon);
	MHD_socket (*quiesce_daemon)(struct MHD_Daemon *daemon);
	const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *daemon,
	                                               enum MHD_DaemonInfoType info_type, ...);
	const union MHD_ConnectionInfo *(*get_connection_info)(
	        struct MHD_Connection *connection, enum MHD_ConnectionInfoType info_type, ...);
	const char *(*lookup_connection_value)(struct MHD_Connection *connection,
	                                       enum MHD_ValueKind kind, const char *key);
	void (*suspend_connection)(struct MHD_Connection *connection);
	void (*resume_connection)(struct MHD_Connection *connection);
	struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
	                                                    enum MHD_ResponseMemoryMode mode);
	struct MHD_Response *(*create_response_from_buffer_with_free_callback)(
	        size_t size, void *buffer, MHD_ContentReaderFreeCallback crfc);
	enum MHD_Result (*add_response_header)(struct MHD_Response *response, const char *header,
	                                       const char *content);
	enum MHD_Result (*queue_response)(struct MHD_Connection *connection,
	                                  unsigned int status_code, struct MHD_Response *response);
	void (*destroy_response)(struct MHD_Response *response);
} gw_mhd_api;

/* The table; valid after gw_mhd_load returned 0. */
extern gw_mhd_api gw_mhd;

/*
 * Loads libmicrohttpd (its soname as built against: GW_MHD_SONAME) and fills gw_mhd; a
 * second call does nothing. Call it before any thread uses gw_mhd. Returns 0, or -1 with a
 * sentence in err (the library or one of its functions is missing).
 */
int gw_mhd_load(char *err, size_t errlen);

/* MHD_start_daemon through gw_mhd (the options as MHD_start_daemon takes them, MHD_OPTION_END
   last). */
struct MHD_Daemon *gw_mhd_start_daemon(unsigned int flags, uint16_t port,
                                       MHD_AcceptPolicyCallback apc, void *apc_cls,
                                       MHD_AccessHandlerCallback dh, void *dh_cls, ...);

#endif
