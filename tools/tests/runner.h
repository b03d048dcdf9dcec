/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A tiny test runner. Each case runs in its own child process, so that a
 * crash, a sanitizer report or a leak fails that one case and the others
 * still run. The parent prints exactly one line per case:
 *
 *   PASS <name>
 *   FAIL <name>: <reason>
 */
#ifndef MPATH2CTL_RUNNER_H
#define MPATH2CTL_RUNNER_H

#include <stddef.h>
#include <stdio.h>

/* A case: 0 on success, else -1 with the reason in @why. */
typedef int (*test_fn)(const void *arg, char *why, size_t len);

void run_case(const char *name, test_fn fn, const void *arg);
/* Number of failed cases so far. */
int failed_cases(void);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Inside a test_fn: fail with a printf-style reason unless @cond. */
#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			snprintf(why, len, __VA_ARGS__);		\
			return -1;					\
		}							\
	} while (0)

/* The suites, and what they share. */
void status_tests(void);
void validate_tests(void);
void show_tests(void);
void cli_tests(const char *bin, const char *dkms_conf);
void table_tests(void);
void vpd_tests(void);
void discover_tests(void);
void tur_tests(void);
void config_tests(void);
void daemon_tests(void);
void showjson_tests(void);
void group_tests(void);
void kprio_tests(void);
void regroup_tests(void);
void directio_tests(void);

/* The fake sysfs test_main.c makes (see there). */
extern const char *fake_sysfs;

#endif
