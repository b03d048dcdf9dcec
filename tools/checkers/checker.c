// SPDX-License-Identifier: GPL-2.0-only
/*
 * Asynchronous path checks (see checker.h): a list of jobs under one
 * mutex, a detached-until-done thread per job, a pipe to wake poll().
 */
#define _GNU_SOURCE	/* pipe2() */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkers/checker.h"

#define STACK_SIZE	(256 * 1024)	/* mlockall() locks every stack */

struct job {
	struct job *next;
	struct checker *c;
	pthread_t thread;
	char devnode[64];
	unsigned int timeout_ms;
	enum checker_kind kind;
	int want_wwid;
	int done;
	struct checker_result res;
};

struct checker {
	struct checker_ops ops;
	pthread_mutex_t lock;
	struct job *jobs;
	int pipe[2];
};

static void *run_job(void *arg)
{
	unsigned char *page = NULL;
	struct job *j = arg;
	struct checker *c = j->c;
	char err[160];
	long n;

	if (j->kind == CHK_DIRECTIO && !c->ops.directio) {
		j->res.state = TUR_DOWN;
		snprintf(j->res.why, sizeof(j->res.why), "%s: no directio"
			 " checker", j->devnode);
	} else if (j->kind == CHK_DIRECTIO) {
		j->res.state = c->ops.directio(j->devnode, j->timeout_ms,
					       j->res.why, sizeof(j->res.why));
	} else {
		j->res.state = c->ops.tur(j->devnode, j->timeout_ms, j->res.why,
					  sizeof(j->res.why));
	}
	if (j->want_wwid && (j->res.state == TUR_UP ||
			     j->res.state == TUR_GHOST)) {
		page = malloc(VPD_PAGE_MAX);
		n = page ? c->ops.vpd83(j->devnode, page, VPD_PAGE_MAX, err,
					sizeof(err)) : -1;
		if (n > 0 && !vpd_83_wwid(page, (size_t)n, j->res.wwid,
					 sizeof(j->res.wwid), err, sizeof(err)))
			j->res.wwid_read = 1;
		else
			snprintf(j->res.why, sizeof(j->res.why), "%s",
				 page ? err : "out of memory");
		free(page);
	}
	pthread_mutex_lock(&c->lock);
	j->done = 1;
	pthread_mutex_unlock(&c->lock);
	if (write(c->pipe[1], "", 1) < 0 && errno != EAGAIN)
		perror("mpath2ctl: checker pipe");
	return NULL;
}

struct checker *checker_new(const struct checker_ops *ops)
{
	struct checker *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (pipe2(c->pipe, O_CLOEXEC | O_NONBLOCK)) {
		free(c);
		return NULL;
	}
	c->ops = *ops;
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

static struct job *find(const struct checker *c, unsigned int major,
			unsigned int minor)
{
	struct job *j;

	for (j = c->jobs; j; j = j->next)
		if (j->res.major == major && j->res.minor == minor)
			return j;
	return NULL;
}

int checker_running(const struct checker *c, unsigned int major,
		    unsigned int minor)
{
	struct checker *cc = (struct checker *)c;
	int r;

	pthread_mutex_lock(&cc->lock);
	r = find(c, major, minor) != NULL;
	pthread_mutex_unlock(&cc->lock);
	return r;
}

int checker_start(struct checker *c, unsigned int major, unsigned int minor,
		  const char *devnode, unsigned int timeout_ms, int want_wwid)
{
	return checker_start_kind(c, CHK_TUR, major, minor, devnode,
				  timeout_ms, want_wwid);
}

int checker_start_kind(struct checker *c, enum checker_kind kind,
		       unsigned int major, unsigned int minor,
		       const char *devnode, unsigned int timeout_ms,
		       int want_wwid)
{
	pthread_attr_t attr;
	struct job *j;
	int r;

	if (checker_running(c, major, minor))
		return -1;
	j = calloc(1, sizeof(*j));
	if (!j)
		return -1;
	j->c = c;
	j->res.major = major;
	j->res.minor = minor;
	snprintf(j->devnode, sizeof(j->devnode), "%s", devnode);
	j->timeout_ms = timeout_ms;
	j->kind = kind;
	j->want_wwid = want_wwid;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, STACK_SIZE);
	pthread_mutex_lock(&c->lock);
	r = pthread_create(&j->thread, &attr, run_job, j);
	if (!r) {
		j->next = c->jobs;
		c->jobs = j;
	}
	pthread_mutex_unlock(&c->lock);
	pthread_attr_destroy(&attr);
	if (r) {
		free(j);
		return -1;
	}
	return 0;
}

int checker_fd(const struct checker *c)
{
	return c->pipe[0];
}

size_t checker_reap(struct checker *c, struct checker_result *out, size_t max)
{
	struct job **pj, *j;
	char buf[64];
	size_t n = 0;

	while (read(c->pipe[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&c->lock);
	for (pj = &c->jobs; (j = *pj) && n < max;) {
		if (!j->done) {
			pj = &j->next;
			continue;
		}
		*pj = j->next;
		pthread_join(j->thread, NULL);	/* it has ended */
		out[n++] = j->res;
		free(j);
	}
	pthread_mutex_unlock(&c->lock);
	/* More ended than @max: stay readable for the next round. */
	if (*pj && write(c->pipe[1], "", 1) < 0 && errno != EAGAIN)
		perror("mpath2ctl: checker pipe");
	return n;
}

void checker_free(struct checker *c)
{
	struct checker_result res;

	if (!c)
		return;
	for (;;) {
		pthread_mutex_lock(&c->lock);
		if (!c->jobs) {
			pthread_mutex_unlock(&c->lock);
			break;
		}
		pthread_mutex_unlock(&c->lock);
		if (!checker_reap(c, &res, 1))
			usleep(10000);
	}
	close(c->pipe[0]);
	close(c->pipe[1]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
