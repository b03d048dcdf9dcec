// SPDX-License-Identifier: GPL-2.0-only
/* The runner of runner.h: one child process per case. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner.h"

#define CASE_TIMEOUT	60	/* seconds; an endless loop is a failure */

static int nr_failed;

int failed_cases(void)
{
	return nr_failed;
}

/*
 * Child: run the case, send "P" or "F<reason>" down @fd, then exit()
 * normally so that LeakSanitizer checks the case's allocations.
 */
static void child(int fd, test_fn fn, const void *arg)
{
	char why[512] = "";
	size_t n, off = 0;
	ssize_t w;

	alarm(CASE_TIMEOUT);
	why[0] = fn(arg, why + 1, sizeof(why) - 1) ? 'F' : 'P';
	n = strlen(why);
	while (off < n && (w = write(fd, why + off, n - off)) > 0)
		off += (size_t)w;
	close(fd);
	exit(0);
}

void run_case(const char *name, test_fn fn, const void *arg)
{
	char res[512];
	size_t got = 0;
	int fds[2], status = 0;
	size_t i;
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = pipe(fds) ? -1 : fork();
	if (pid < 0) {
		printf("FAIL %s: cannot start the case\n", name);
		nr_failed++;
		return;
	}
	if (!pid) {
		close(fds[0]);
		child(fds[1], fn, arg);
	}
	close(fds[1]);
	while (got < sizeof(res) - 1 &&
	       (n = read(fds[0], res + got, sizeof(res) - 1 - got)) > 0)
		got += (size_t)n;
	res[got] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	for (i = 0; i < got; i++)	/* the reason must stay on one line */
		if (res[i] < 0x20)
			res[i] = ' ';

	if (res[0] == 'P' && WIFEXITED(status) && !WEXITSTATUS(status)) {
		printf("PASS %s\n", name);
		return;
	}
	nr_failed++;
	if (res[0] == 'F')
		printf("FAIL %s: %s\n", name, res + 1);
	else if (WIFSIGNALED(status))
		printf("FAIL %s: killed by signal %d (%s)\n", name,
		       WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		printf("FAIL %s: exit status %d (sanitizer report or leak on stderr)\n",
		       name, WEXITSTATUS(status));
}
