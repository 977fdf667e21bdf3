/*
 * worker.h: the `gongwen worker` command: render jobs from a Redis stream (see worker.c).
 *
 * In: argc/argv with argv[0] = "worker". Out: the exit status (0 after SIGTERM or SIGINT,
 * 1 a bad SOURCE_DATE_EPOCH, 2 usage, 3 Redis or the system failed, or no --out-dir).
 */
#ifndef GW_WORKER_WORKER_H
#define GW_WORKER_WORKER_H

int gw_cli_worker(int argc, char **argv);

#endif
