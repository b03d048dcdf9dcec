// SPDX-License-Identifier: GPL-2.0-only
/* unit.h: cmocka groups built at run time, one child process each. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

#define SUITE_TIMEOUT	120	/* seconds; an endless loop is a failure */
#define SOME_FAILED	100	/* a child's exit status: cmocka said so */

static struct CMUnitTest *cases;
static size_t nr_cases, room;
static void (*reset_fn)(void), (*suite_reset)(void);

static int reset_fakes(void **state)
{
	(void)state;
	if (reset_fn)
		reset_fn();
	if (suite_reset)
		suite_reset();
	return 0;
}

void unit_case(const char *name, CMUnitTestFunction fn, const void *arg)
{
	struct CMUnitTest *c;
	char *copy = strdup(name);

	if (nr_cases == room) {
		room = room ? 2 * room : 64;
		c = realloc(cases, room * sizeof(*cases));
		if (!c) {
			perror("unit_case");
			exit(1);
		}
		cases = c;
	}
	if (!copy) {
		perror("unit_case");
		exit(1);
	}
	cases[nr_cases++] = (struct CMUnitTest) {
		.name = copy,
		.test_func = fn,
		.setup_func = reset_fakes,
		/* cmocka hands it on as *state; no case writes to it. */
		.initial_state = (void *)arg,
	};
}

void unit_table(const char *prefix, CMUnitTestFunction fn, const void *rows,
		size_t nr, size_t size, size_t name_offset)
{
	const char *row = rows, *rname;
	char name[256];
	size_t i;

	for (i = 0; i < nr; i++, row += size) {
		memcpy(&rname, row + name_offset, sizeof(rname));
		snprintf(name, sizeof(name), "%s/%s", prefix, rname);
		unit_case(name, fn, row);
	}
}

static void free_cases(void)
{
	size_t i;

	for (i = 0; i < nr_cases; i++)
		free((void *)cases[i].name);
	free(cases);
	cases = NULL;
	nr_cases = room = 0;
}

/* Child: build the group, run it, exit() so LeakSanitizer looks. */
static void run_group(const struct unit_suite *s)
{
	int failed;

	alarm(SUITE_TIMEOUT);
	suite_reset = s->reset;
	s->add();
	failed = _cmocka_run_group_tests(s->name, cases, nr_cases, NULL, NULL);
	free_cases();
	fflush(stdout);
	exit(failed ? SOME_FAILED : 0);
}

int unit_main(const struct unit_suite *suites, size_t nr,
	      void (*reset)(void))
{
	int status, bad = 0;
	size_t i;
	pid_t pid;

	reset_fn = reset;
	for (i = 0; i < nr; i++) {
		fflush(stdout);
		fflush(stderr);
		pid = fork();
		if (pid < 0) {
			printf("[  FAILED  ] %s: cannot fork: %s\n",
			       suites[i].name, strerror(errno));
			bad = 1;
			continue;
		}
		if (!pid)
			run_group(&suites[i]);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && !WEXITSTATUS(status))
			continue;
		bad = 1;
		if (WIFEXITED(status) && WEXITSTATUS(status) == SOME_FAILED)
			continue;	/* cmocka named the cases */
		if (WIFSIGNALED(status))
			printf("[  FAILED  ] %s: killed by signal %d (%s)\n",
			       suites[i].name, WTERMSIG(status),
			       strsignal(WTERMSIG(status)));
		else
			printf("[  FAILED  ] %s: exit status %d (sanitizer"
			       " report or leak on stderr)\n", suites[i].name,
			       WEXITSTATUS(status));
	}
	return bad;
}
