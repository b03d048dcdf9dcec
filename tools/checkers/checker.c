// SPDX-License-Identifier: GPL-2.0-only
/*
 * Path checks on a bounded pool of workers (see checker.h): one slot per
 * path (its open device and its current check) in a small hash, a FIFO
 * of queued slots, a list of ended ones, all under one mutex; a pipe to
 * wake poll().
 */
#define _GNU_SOURCE	/* pipe2() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "checkers/checker.h"

/*
 * mlockall() locks what a stack touches: a check needs a few KiB (the
 * sense buffer, snprintf). The sanitizers' frames are far larger.
 */
#ifdef __SANITIZE_ADDRESS__
#define STACK_SIZE	(512 * 1024)
#else
#define STACK_SIZE	(64 * 1024)
#endif
#define HASH_SIZE	256

enum slot_state { SL_IDLE, SL_QUEUED, SL_RUNNING, SL_DONE };

struct slot {
	struct slot *hnext;		/* the hash chain */
	struct slot *qnext;		/* the queue, or the ended list */
	unsigned int major, minor;
	enum slot_state st;
	int forget;			/* drop it once its check is reaped */
	/* The open device: only the worker running the slot touches it. */
	int fd;
	enum checker_kind fd_kind;
	char fd_node[64];
	/* The check asked for. */
	char devnode[64];
	enum checker_kind kind;
	unsigned int timeout_ms;
	int want_wwid;
	struct checker_result res;
};

struct worker {
	struct worker *next;
	struct checker *c;
	pthread_t thread;
	struct slot *cur;		/* the check it runs, or NULL */
	long long since_ms;		/* ... since then */
	int stuck;			/* past its timeout: replaced */
	int ended;			/* out of its loop: to be joined */
};

struct checker {
	struct checker_ops ops;
	pthread_mutex_t lock;
	pthread_cond_t work;
	struct slot *hash[HASH_SIZE];
	struct slot *qhead, **qtail;
	struct slot *ended;
	struct worker *workers;
	unsigned int base, live, stuck, grace_ms, idle_ms, fds;
	unsigned int max_fds;		/* devices kept open at most */
	unsigned int busy, queued;	/* workers in a check, checks waiting */
	int stop;
	int signaled;			/* the pipe has a byte not yet reaped */
	int pipe[2];
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void wake(struct checker *c)
{
	if (write(c->pipe[1], "", 1) < 0 && errno != EAGAIN)
		perror("mpath2ctl: checker pipe");
}

static void close_fd(struct checker *c, struct slot *s)
{
	if (s->fd < 0)
		return;
	if (c->ops.close)
		c->ops.close(s->fd);
	else
		close(s->fd);
	s->fd = -1;
	__atomic_sub_fetch(&c->fds, 1, __ATOMIC_SEQ_CST);
}

/* The check itself: in a worker, the slot RUNNING, without the lock. */
static void run_check(struct checker *c, struct slot *s)
{
	struct checker_result *r = &s->res;
	unsigned char *page = NULL;
	char err[160];
	long n;

	r->wwid_read = 0;
	r->wwid[0] = '\0';
	r->why[0] = '\0';
	if (c->ops.open) {
		/* Another node or kind: not the device kept open. */
		if (s->fd >= 0 && (s->fd_kind != s->kind ||
				   strcmp(s->fd_node, s->devnode)))
			close_fd(c, s);
		if (s->fd < 0) {
			s->fd = c->ops.open(s->devnode, s->kind, r->why,
					    sizeof(r->why));
			if (s->fd >= 0) {
				__atomic_add_fetch(&c->fds, 1, __ATOMIC_SEQ_CST);
				s->fd_kind = s->kind;
				snprintf(s->fd_node, sizeof(s->fd_node), "%s",
					 s->devnode);
			}
		}
		r->state = s->fd < 0 ? TUR_DOWN :
			   c->ops.check(s->fd, s->kind, s->devnode,
					s->timeout_ms, r->why, sizeof(r->why));
		/*
		 * Maybe a device gone: the next check opens it afresh. Past
		 * the fds the process may keep, checks open and close.
		 */
		if (r->state == TUR_DOWN || r->state == TUR_DISCONNECTED ||
		    __atomic_load_n(&c->fds, __ATOMIC_SEQ_CST) > c->max_fds)
			close_fd(c, s);
	} else if (s->kind == CHK_DIRECTIO && !c->ops.directio) {
		r->state = TUR_DOWN;
		snprintf(r->why, sizeof(r->why), "%s: no directio checker",
			 s->devnode);
	} else if (s->kind == CHK_DIRECTIO) {
		r->state = c->ops.directio(s->devnode, s->timeout_ms, r->why,
					   sizeof(r->why));
	} else {
		r->state = c->ops.tur(s->devnode, s->timeout_ms, r->why,
				      sizeof(r->why));
	}
	if (s->want_wwid && (r->state == TUR_UP || r->state == TUR_GHOST)) {
		page = malloc(VPD_PAGE_MAX);
		n = page ? c->ops.vpd83(s->devnode, page, VPD_PAGE_MAX, err,
					sizeof(err)) : -1;
		if (n > 0 && !vpd_83_wwid(page, (size_t)n, r->wwid,
					 sizeof(r->wwid), err, sizeof(err)))
			r->wwid_read = 1;
		else
			snprintf(r->why, sizeof(r->why), "%s",
				 page ? err : "out of memory");
		free(page);
	}
}

/* Under the lock: wait for work; 1 if idle past idle_ms. */
static int wait_work(struct checker *c)
{
	struct timespec until;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += c->idle_ms / 1000;
	until.tv_nsec += (long)(c->idle_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	r = pthread_cond_timedwait(&c->work, &c->lock, &until);
	return r == ETIMEDOUT;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct checker *c = w->c;
	struct slot *s;

	pthread_mutex_lock(&c->lock);
	while (!c->stop) {
		s = c->qhead;
		if (!s) {
			/* Idle that long and one more than the pool: end. */
			if (wait_work(c) && !c->qhead &&
			    c->live - c->stuck > c->base)
				break;
			continue;
		}
		c->qhead = s->qnext;
		if (!c->qhead)
			c->qtail = &c->qhead;
		c->queued--;
		c->busy++;
		s->st = SL_RUNNING;
		w->cur = s;
		w->since_ms = now_ms();
		pthread_mutex_unlock(&c->lock);
		run_check(c, s);
		pthread_mutex_lock(&c->lock);
		c->busy--;
		w->cur = NULL;
		s->st = SL_DONE;
		s->qnext = c->ended;
		c->ended = s;
		/* One wake-up for however many end before the reap. */
		if (!c->signaled) {
			c->signaled = 1;
			wake(c);
		}
		if (w->stuck) {
			/* Back: end if the pool is whole without it. */
			w->stuck = 0;
			c->stuck--;
			if (c->live - c->stuck > c->base)
				break;
		}
	}
	w->ended = 1;
	c->live--;
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* One more worker, under the lock; 0 or -1. */
static int spawn(struct checker *c)
{
	pthread_attr_t attr;
	sigset_t all, old;
	struct worker *w;
	size_t stack = STACK_SIZE;
	int r;

	if (c->live >= CHECKER_MAX_THREADS)
		return -1;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -1;
	w->c = c;
	if (stack < (size_t)PTHREAD_STACK_MIN)
		stack = (size_t)PTHREAD_STACK_MIN;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, stack);
	/*
	 * Workers take no signal: the daemon's SIGHUP and SIGTERM are its
	 * signalfd's, whenever the pool was made or grown.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&w->thread, &attr, work, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (r) {
		free(w);
		return -1;
	}
	w->next = c->workers;
	c->workers = w;
	c->live++;
	return 0;
}

/*
 * Under the lock: join the workers that ended, mark the ones past their
 * check's timeout stuck, and start workers until @base are not stuck.
 */
static void tend(struct checker *c)
{
	struct worker **pw, *w;
	long long now = now_ms();

	for (pw = &c->workers; (w = *pw);) {
		if (w->ended) {
			*pw = w->next;
			pthread_join(w->thread, NULL);	/* it has returned */
			free(w);
			continue;
		}
		if (w->cur && !w->stuck &&
		    now >= w->since_ms + w->cur->timeout_ms + c->grace_ms) {
			w->stuck = 1;
			c->stuck++;
		}
		pw = &w->next;
	}
	while (!c->stop && c->live - c->stuck < c->base && !spawn(c))
		;
}

static unsigned int hash_of(unsigned int major, unsigned int minor)
{
	return (major * 31u + minor) % HASH_SIZE;
}

static struct slot *find(const struct checker *c, unsigned int major,
			 unsigned int minor)
{
	struct slot *s;

	for (s = c->hash[hash_of(major, minor)]; s; s = s->hnext)
		if (s->major == major && s->minor == minor)
			return s;
	return NULL;
}

/* Out of the hash, its device closed; the slot is IDLE. */
static void drop(struct checker *c, struct slot *s)
{
	struct slot **ps = &c->hash[hash_of(s->major, s->minor)];

	while (*ps != s)
		ps = &(*ps)->hnext;
	*ps = s->hnext;
	close_fd(c, s);
	free(s);
}

unsigned int checker_fd_budget(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return 1u << 20;
	return rl.rlim_cur > CHECKER_FD_RESERVE ?
	       (unsigned int)(rl.rlim_cur - CHECKER_FD_RESERVE) : 0;
}

void checker_set_max_fds(struct checker *c, unsigned int n)
{
	pthread_mutex_lock(&c->lock);
	c->max_fds = n;
	pthread_mutex_unlock(&c->lock);
}

struct checker *checker_new_pool(const struct checker_ops *ops,
				 unsigned int workers, unsigned int grace_ms,
				 unsigned int idle_ms)
{
	pthread_condattr_t ca;
	struct checker *c;

	if (!workers || workers > CHECKER_MAX_THREADS)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (pipe2(c->pipe, O_CLOEXEC | O_NONBLOCK)) {
		free(c);
		return NULL;
	}
	c->ops = *ops;
	c->base = workers;
	c->grace_ms = grace_ms;
	c->idle_ms = idle_ms;
	c->max_fds = checker_fd_budget();
	c->qtail = &c->qhead;
	pthread_mutex_init(&c->lock, NULL);
	/* The idle wait on the clock the rest of the checker uses. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->work, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_lock(&c->lock);
	tend(c);
	pthread_mutex_unlock(&c->lock);
	if (!c->live) {
		checker_free(c);
		return NULL;
	}
	return c;
}

struct checker *checker_new(const struct checker_ops *ops)
{
	return checker_new_pool(ops, CHECKER_WORKERS, CHECKER_GRACE_MS,
				CHECKER_IDLE_MS);
}

int checker_running(const struct checker *c, unsigned int major,
		    unsigned int minor)
{
	struct checker *cc = (struct checker *)c;
	struct slot *s;
	int r;

	pthread_mutex_lock(&cc->lock);
	s = find(c, major, minor);
	r = s && s->st != SL_IDLE;
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
	struct slot *s;
	unsigned int h;

	pthread_mutex_lock(&c->lock);
	tend(c);
	s = find(c, major, minor);
	if (s && s->st != SL_IDLE) {
		pthread_mutex_unlock(&c->lock);
		return -1;
	}
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s) {
			pthread_mutex_unlock(&c->lock);
			return -1;
		}
		s->major = major;
		s->minor = minor;
		s->fd = -1;
		h = hash_of(major, minor);
		s->hnext = c->hash[h];
		c->hash[h] = s;
	}
	memset(&s->res, 0, sizeof(s->res));
	s->res.major = major;
	s->res.minor = minor;
	s->forget = 0;
	snprintf(s->devnode, sizeof(s->devnode), "%s", devnode);
	s->kind = kind;
	s->timeout_ms = timeout_ms;
	s->want_wwid = want_wwid;
	s->st = SL_QUEUED;
	s->qnext = NULL;
	*c->qtail = s;
	c->qtail = &s->qnext;
	c->queued++;
	/* More checks waiting than workers free: one more, up to the cap. */
	if (c->queued > c->live - c->busy)
		spawn(c);
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->lock);
	return 0;
}

int checker_fd(const struct checker *c)
{
	return c->pipe[0];
}

size_t checker_reap(struct checker *c, struct checker_result *out, size_t max)
{
	struct slot *s;
	char buf[64];
	size_t n = 0;
	int more;

	while (read(c->pipe[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&c->lock);
	c->signaled = 0;
	tend(c);
	while ((s = c->ended) && n < max) {
		c->ended = s->qnext;
		out[n++] = s->res;
		s->st = SL_IDLE;
		if (s->forget)
			drop(c, s);
	}
	more = c->ended != NULL;
	if (more)
		c->signaled = 1;
	pthread_mutex_unlock(&c->lock);
	/* More ended than @max: stay readable for the next round. */
	if (more)
		wake(c);
	return n;
}

void checker_forget(struct checker *c, unsigned int major, unsigned int minor)
{
	struct slot *s;

	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	s = find(c, major, minor);
	if (s && s->st == SL_IDLE)
		drop(c, s);
	else if (s)
		s->forget = 1;
	pthread_mutex_unlock(&c->lock);
}

long long checker_next_ms(struct checker *c)
{
	long long next = -1, t;
	struct worker *w;

	pthread_mutex_lock(&c->lock);
	for (w = c->workers; w; w = w->next) {
		if (!w->cur || w->stuck || w->ended)
			continue;
		t = w->since_ms + w->cur->timeout_ms + c->grace_ms;
		if (next < 0 || t < next)
			next = t;
	}
	pthread_mutex_unlock(&c->lock);
	return next;
}

unsigned int checker_threads(struct checker *c)
{
	unsigned int n;

	pthread_mutex_lock(&c->lock);
	n = c->live;
	pthread_mutex_unlock(&c->lock);
	return n;
}

unsigned int checker_open_fds(struct checker *c)
{
	return __atomic_load_n(&c->fds, __ATOMIC_SEQ_CST);
}

void checker_free(struct checker *c)
{
	struct worker *w;
	struct slot *s;
	unsigned int h;

	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	pthread_cond_broadcast(&c->work);
	pthread_mutex_unlock(&c->lock);
	/* A worker in a check ends with it: wait for each. */
	while ((w = c->workers)) {
		c->workers = w->next;
		pthread_join(w->thread, NULL);
		free(w);
	}
	for (h = 0; h < HASH_SIZE; h++) {
		while ((s = c->hash[h])) {
			c->hash[h] = s->hnext;
			close_fd(c, s);
			free(s);
		}
	}
	close(c->pipe[0]);
	close(c->pipe[1]);
	pthread_cond_destroy(&c->work);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
