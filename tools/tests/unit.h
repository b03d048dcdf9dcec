/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unit tests run on cmocka. A suite is a cmocka group whose cases are
 * added at run time (unit_case), so that a table-driven case carries its
 * row's name: "tools/tur/standby_ghost". unit_main() runs each group in a
 * child process: a crash, a sanitizer report or a leak fails that group
 * and the other groups still run. Before every case the fakes are reset,
 * so no case depends on the ones before it.
 *
 * Output is cmocka's: "[       OK ] <name>" and "[  FAILED  ] <name>"
 * per case, plus "[  FAILED  ] <suite>: <why>" for a group that died.
 */
#ifndef MPATH2CTL_UNIT_H
#define MPATH2CTL_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Fail the case unless @cond, with a printf-style reason (a literal
 * format); cmocka prints it with the file and line.
 */
#define CHECK(cond, ...)						\
	do {								\
		if (!(cond))						\
			fail_msg(__VA_ARGS__);				\
	} while (0)

/* In a suite's add function: one case; @arg reaches it as *state. */
void unit_case(const char *name, CMUnitTestFunction fn, const void *arg);

/*
 * One case @fn per row of the array @rows, named "<prefix>/<row.name>",
 * the row as its *state.
 */
#define UNIT_TABLE(prefix, fn, rows)					\
	unit_table(prefix, fn, rows, ARRAY_SIZE(rows), sizeof((rows)[0]),	\
		   (size_t)((const char *)&(rows)[0].name -		\
			    (const char *)&(rows)[0]))

void unit_table(const char *prefix, CMUnitTestFunction fn, const void *rows,
		size_t nr, size_t size, size_t name_offset);

struct unit_suite {
	const char *name;
	void (*add)(void);	/* calls unit_case() for each case */
	void (*reset)(void);	/* NULL, or the suite's own state afresh */
};

/*
 * Run @suites in order, each in its own process; before every case,
 * @reset (the program's fakes) and then the suite's reset. Returns 0 if
 * every case passed, else 1.
 */
int unit_main(const struct unit_suite *suites, size_t nr,
	      void (*reset)(void));

/* The suites of run-tests (test_main.c) and run-dm-tests (test_mpdm.c). */
void status_tests(void);
void validate_tests(void);
void show_tests(void);
void cli_tests(void);
void table_tests(void);
void vpd_tests(void);
void discover_tests(void);
void claim_tests(void);
void claim_reset(void);
void tur_tests(void);
void config_tests(void);
void confrobust_tests(void);
void daemon_tests(void);
void showjson_tests(void);
void group_tests(void);
void kprio_tests(void);
void regroup_tests(void);
void directio_tests(void);
void checker_tests(void);
void reconfigure_tests(void);
void maplock_tests(void);
void metrics_tests(void);
void top_tests(void);
void pr_tests(void);
void prkey_tests(void);
void prkeys_tests(void);
void autoresize_tests(void);
void shutdown_tests(void);
void daemon_reset(void);
void pr_suite_reset(void);
void directio_reset(void);
void checker_reset(void);

/* What test_main.c makes for them: a fake sysfs; the binary under test. */
extern const char *fake_sysfs;
extern const char *cli_bin, *cli_dkms_conf;

#endif
