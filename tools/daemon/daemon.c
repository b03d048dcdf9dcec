// SPDX-License-Identifier: GPL-2.0-only
/*
 * The daemon's loop (see daemon.h): one poll() over the signals, dm
 * events, udev and the checker's pipe, with the next check's time as
 * its timeout. All it does between wake-ups is monitor.c's and
 * hotplug.c's; the system calls are daemon_sys.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "checkers/checker.h"
#include "checkers/checker_io.h"
#include "conf/bindings.h"
#include "conf/config.h"
#include "daemon/autoresize.h"
#include "daemon/daemon.h"
#include "daemon/daemon_sys.h"
#include "daemon/monitor.h"
#include "daemon/hotplug.h"
#include "daemon/reconfigure.h"
#include "daemon/shutdown.h"
#include "lib/claim.h"
#include "lib/common.h"
#include "lib/mpdm.h"
#include "lib/sysfs.h"
#include "table/status.h"
#include "lib/validate.h"
#include "lib/wwids.h"
#include "lib/wwid.h"

#define IDLE_MS		60000	/* with no path, look again this often */
/*
 * On a dm event (or, when dm events cannot be heard, on every tick), the
 * maps are listed with their event numbers and only those that changed
 * are read again (monitor_refresh_changed()); a dm device's "change"
 * uevent marks its map too (a table swap is no dm event). This often
 * the same, and the disks no map has are looked at (a lost "add" still
 * joins); every FULL_READ_MS every map is read whatever its number says.
 */
#define RECONCILE_MS	60000
#define FULL_READ_MS	300000
/*
 * While udev has not completed a reload's cookie (mpdm.h), look again
 * after UDEV_POLL_MS, doubling up to UDEV_POLL_MAX_MS while one stays
 * pending (udevd stuck, or without dm rules: no wake-ups 5 times a
 * second for ever); at once after a uevent, which is how udev's work
 * ends. At exit, wait UDEV_DRAIN_MS for the last ones before releasing
 * them unfinished.
 */
#define UDEV_POLL_MS		200
#define UDEV_POLL_MAX_MS	5000
#define UDEV_DRAIN_MS		2000

struct daemon {
	const struct cli_ctl *ctl;
	const char *config;
	int once;
	struct mpath2_conf *conf;
	struct monitor mon;
	struct checker *chk;
	int sigfd, dmfd;
	struct uev *uev;
	int refresh;		/* read the changed maps before the next round */
	int reread;		/* ... every map */
	int rescan;		/* look at the disks no map has */
	long long reconcile_ms;	/* when to do both anyway */
	long long full_ms;	/* when to read every map anyway */
	unsigned long forced;	/* udev cookies released unfinished, logged */
	long long udev_ms;	/* when to look at the pending cookies */
	int udev_every;		/* ... and then after how long */
	int stop;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int parse_args(char **args, int nargs, struct daemon *d)
{
	char q[48];
	int i;

	for (i = 0; i < nargs; i++) {
		if (!strcmp(args[i], "--once")) {
			d->once = 1;
		} else if (!strcmp(args[i], "--foreground")) {
			/* the only mode: systemd or the shell keeps it */
		} else if (!strcmp(args[i], "--config") && i + 1 < nargs &&
			   args[i + 1][0]) {
			d->config = args[++i];
		} else if (!strcmp(args[i], "--config")) {
			return cli_fail(d->ctl, "daemon: --config needs a file");
		} else {
			return cli_fail(d->ctl, "daemon: unknown argument '%s'",
					validate_printable(args[i], q, sizeof(q)));
		}
	}
	return 0;
}

/* The polling settings of @conf into the monitor. */
static void apply_settings(struct daemon *d)
{
	const struct config_settings *s = config_defaults(d->conf);

	d->mon.poll_s = s->polling_interval;
	d->mon.max_s = s->max_polling_interval;
	d->mon.timeout_s = s->checker_timeout;
	monitor_log(&d->mon, 6, "polling_interval %d s, max_polling_interval %d s,"
		" checker_timeout %d s", s->polling_interval,
		s->max_polling_interval, s->checker_timeout);
}

static void hup_said(void *arg, const char *map, enum reconfigure_outcome what,
		     const char *text)
{
	const struct monitor *m = arg;

	if (what == RECONF_RELOADED)
		monitor_log(m, 5, "%s: table changed by the config, reloaded",
			    map);
	else
		monitor_log(m, 3, "%s%s%s: the config not applied", map,
			    map[0] ? ": " : "", text);
}

/*
 * SIGHUP: a config with errors is refused, the old one stays; else its
 * settings apply to the maps whose table they change.
 */
static void reread_config(struct daemon *d)
{
	struct mpath2_conf *conf;

	daemon_sys_notify("RELOADING=1");
	conf = config_load(d->config, d->ctl->err);
	if (!conf) {
		monitor_log(&d->mon, 3, "%s has errors: keeping the previous"
			" settings", d->config);
	} else {
		config_free(d->conf);
		d->conf = conf;
		monitor_set_conf(&d->mon, conf);
		monitor_log(&d->mon, 5, "%s read again", d->config);
		apply_settings(d);
		reconfigure_maps(d->mon.dm, conf, d->mon.sysfs, d->ctl->err, 0,
				 hup_said, &d->mon);
		d->reread = 1;
		/* find_multipaths may claim more now. */
		hotplug_coldplug(&d->mon, d->conf);
	}
	daemon_sys_notify("READY=1");
}

static int open_signals(struct daemon *d)
{
	sigset_t set;

	/* A reader that went away (a pipe of -v output) is no reason to die. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	d->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return d->sigfd < 0 ? -1 : 0;
}

static void on_signal(struct daemon *d)
{
	struct signalfd_siginfo si;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			reread_config(d);
		} else {
			monitor_log(&d->mon, 5, "%s: stopping",
				strsignal((int)si.ssi_signo));
			d->stop = 1;
		}
	}
}

static void on_dm_event(struct daemon *d)
{
	char err[ERRLEN];

	/* Arm first: an event while the maps are read wakes us again. */
	if (daemon_sys_dmev_arm(d->dmfd, err, sizeof(err))) {
		monitor_log(&d->mon, 3, "%s; dm events no longer heard", err);
		close(d->dmfd);
		d->dmfd = -1;
	}
	d->refresh = 1;
}

/* Whether a watched map has @major:@minor. */
static int watched(const struct monitor *m, unsigned int major,
		   unsigned int minor)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (m->paths[i].major == major && m->paths[i].minor == minor)
			return 1;
	return 0;
}

int daemon_reconcile(struct monitor *m, const struct mpath2_conf *conf)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], dev[32];
	unsigned int major, minor;
	struct dirent *e;
	int n = 0;
	DIR *dh;

	if (!m->sysfs)
		return 0;
	snprintf(dir, sizeof(dir), "%s/block", m->sysfs);
	dh = opendir(dir);
	if (!dh) {
		monitor_log(m, 3, "%s: %s", dir, strerror(errno));
		return 0;
	}
	while ((e = readdir(dh))) {
		/* SCSI disks only, as the uevents hotplug_add() gets. */
		if (strncmp(e->d_name, "sd", 2))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		sysfs_read_line(path, "dev", dev, sizeof(dev));
		if (status_parse_devnum(dev, &major, &minor) ||
		    watched(m, major, minor))
			continue;
		hotplug_add(m, conf, e->d_name);
		n++;
	}
	closedir(dh);
	return n;
}

/*
 * Release the udev cookies udev has completed, when due (@now: at once);
 * say if any was forced.
 */
static void udev_poll(struct daemon *d, int now)
{
	unsigned long forced;

	if (!mpdm_udev_pending()) {
		d->udev_every = 0;	/* the next cookie: looked at soon */
		return;
	}
	if (!d->udev_every) {
		/* A new cookie: udev usually has it done within this. */
		d->udev_every = UDEV_POLL_MS;
		d->udev_ms = now_ms() + UDEV_POLL_MS;
	}
	if (!now && now_ms() < d->udev_ms)
		return;
	if (mpdm_udev_poll()) {
		if (!now && d->udev_every < UDEV_POLL_MAX_MS)
			d->udev_every *= 2;
		if (d->udev_every > UDEV_POLL_MAX_MS)
			d->udev_every = UDEV_POLL_MAX_MS;
		d->udev_ms = now_ms() + d->udev_every;
	} else {
		d->udev_every = 0;
	}
	forced = mpdm_udev_forced();
	if (forced != d->forced)
		monitor_log(&d->mon, 4, "udev has not finished %d earlier map"
			" changes: %lu released without waiting for it",
			MPDM_UDEV_MAX, forced - d->forced);
	d->forced = forced;
}

static void on_uevent(struct daemon *d)
{
	char action[16], name[32];
	unsigned int major, minor;
	int r;

	/* udev has finished some work: maybe a reload's cookie too. */
	udev_poll(d, 1);

	while ((r = daemon_sys_uev_next(d->uev, action, sizeof(action), name,
					sizeof(name), &major, &minor))) {
		if (r < 0) {
			monitor_log(&d->mon, 4, "udev events were lost (the socket"
				" overflowed): looking at every disk");
			d->rescan = 1;
			d->reread = 1;
			break;
		}
		d->refresh = 1;
		if (!strncmp(name, "dm-", 3)) {
			/* A map's table swapped (or any dm device's). */
			monitor_map_stale_dev(&d->mon, major, minor);
			continue;
		}
		if (!strcmp(action, "change"))
			autoresize_changed(&d->mon, name);
		if (!strcmp(action, "add") || !strcmp(action, "change"))
			hotplug_add(&d->mon, d->conf, name);
		else if (!strcmp(action, "remove"))
			hotplug_remove(&d->mon, major, minor);
	}
}

/* Whether --once is done: every path checked, or given up on. */
static int round_done(const struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->mon.nr; i++)
		if ((d->mon.paths[i].running && !d->mon.paths[i].timed_out) ||
		    d->mon.paths[i].chk == MONITOR_NO_STATE)
			return 0;
	return 1;
}

static int wait_ms(const struct daemon *d)
{
	long long next = monitor_next_ms(&d->mon), now = now_ms();
	long long stuck = checker_next_ms(d->chk);

	if (d->refresh || d->reread)
		return 0;
	if (next < 0 || next > d->reconcile_ms)
		next = d->reconcile_ms;
	/* A check that hangs that long gets its worker replaced. */
	if (stuck >= 0 && stuck < next)
		next = stuck;
	/* A reload's udev cookie pending: look at it again in time. */
	if (mpdm_udev_pending() && d->udev_every && d->udev_ms < next)
		next = d->udev_ms;
	if (next <= now)
		return 0;
	return next - now > IDLE_MS ? IDLE_MS : (int)(next - now);
}

static void loop(struct daemon *d)
{
	struct pollfd pfd[4];
	int n;

	while (!d->stop) {
		if (now_ms() >= d->reconcile_ms) {
			d->reconcile_ms = now_ms() + RECONCILE_MS;
			d->refresh = 1;
			d->rescan = !d->once;
		}
		if (now_ms() >= d->full_ms) {
			d->full_ms = now_ms() + FULL_READ_MS;
			d->reread = 1;
		}
		if (d->reread) {
			d->reread = d->refresh = 0;
			monitor_refresh(&d->mon, now_ms());
		} else if (d->refresh) {
			d->refresh = 0;
			monitor_refresh_changed(&d->mon, now_ms());
		}
		/* After the maps are read: only disks none of them has. */
		if (d->rescan) {
			d->rescan = 0;
			if (daemon_reconcile(&d->mon, d->conf) > 0)
				monitor_refresh_changed(&d->mon, now_ms());
		}
		monitor_start_due(&d->mon, now_ms());
		monitor_collect(&d->mon, now_ms());
		if (hotplug_due(&d->mon, d->conf, now_ms()))
			d->refresh = 1;
		udev_poll(d, 0);
		if (d->once && round_done(d))
			break;
		n = 0;
		pfd[n++] = (struct pollfd){ .fd = d->sigfd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = checker_fd(d->chk),
					    .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = d->dmfd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = d->uev ? daemon_sys_uev_fd(d->uev) : -1,
					    .events = POLLIN };
		n = poll(pfd, (nfds_t)n, wait_ms(d));
		if (n < 0 && errno != EINTR) {
			monitor_log(&d->mon, 3, "poll: %s", strerror(errno));
			break;
		}
		/*
		 * A check is due: without dm events, list the maps first (new
		 * maps, moved event numbers); with them, a map's change wakes
		 * us, and a tick needs no ioctl at all.
		 */
		if (!n && d->dmfd < 0)
			d->refresh = 1;
		if (pfd[0].revents)
			on_signal(d);
		if (pfd[2].revents)
			on_dm_event(d);
		if (pfd[3].revents)
			on_uevent(d);
		/* pfd[1]: the checks are collected at the top. */
	}
}

/* Open what the loop listens to; 0, or 1 after printing why. */
static int start(struct daemon *d)
{
	char err[ERRLEN];

	d->conf = config_load(d->config, d->ctl->err);
	if (!d->conf) {
		/* Never locked out: check the maps there are, make none. */
		snprintf(err, sizeof(err), "%s cannot be read (see above): no"
			 " map is made or changed until it is fixed", d->config);
		d->conf = config_unusable(err);
		if (!d->conf)
			return cli_fail(d->ctl, "daemon: %s", strerror(ENOMEM));
		fprintf(d->ctl->err, "<3>%s; paths are checked\n", err);
	}
	/* Before the checker sizes what it may keep open from it. */
	daemon_sys_raise_nofile(d->ctl->err);
	d->chk = checker_new(&checker_io_kept_open);
	if (!d->chk || open_signals(d))
		return cli_fail(d->ctl, "daemon: %s", strerror(errno ? errno :
								ENOMEM));
	monitor_init(&d->mon, &monitor_dm_real, d->chk, d->ctl->sysfs, d->ctl->err,
		 5, 20, 30);
	d->mon.conf = d->conf;
	/* Maps for claimed disks (hotplug.h), kept in these files. */
	d->mon.wwids = WWIDS_FILE;
	d->mon.stamps = CLAIM_STAMP_DIR;
	d->mon.bindings = BINDINGS_FILE;
	daemon_sys_harden(d->ctl->err);
	apply_settings(d);
	/* Reloads never wait for udev in the loop: their cookies are kept. */
	mpdm_udev_defer(1);
	d->dmfd = daemon_sys_dmev_open(err, sizeof(err));
	if (d->dmfd < 0 && !d->once)
		monitor_log(&d->mon, 4, "%s: dm events not heard, only polling",
			err);
	d->uev = d->once ? NULL : daemon_sys_uev_open(err, sizeof(err));
	if (!d->uev && !d->once)
		monitor_log(&d->mon, 4, "%s: new disks not heard of", err);
	d->reread = 1;
	/* The first reconcile a minute on: coldplug has looked at every disk. */
	d->reconcile_ms = now_ms() + RECONCILE_MS;
	d->full_ms = now_ms() + FULL_READ_MS;
	return 0;
}

int daemon_main(char **args, int nargs, const struct cli_ctl *ctl)
{
	struct daemon d = { .ctl = ctl, .sigfd = -1, .dmfd = -1 };
	int r;

	d.config = ctl->config ? ctl->config : CONF_DEFAULT_PATH;
	if (parse_args(args, nargs, &d))
		return 1;
	r = start(&d);
	if (!r) {
		monitor_log(&d.mon, 6, "mpath2ctl daemon %s: started%s",
			MPATH2_VERSION, d.once ? " for one round" : "");
		/* Boot: the claimed disks already there get their maps. */
		hotplug_coldplug(&d.mon, d.conf);
		daemon_sys_notify("READY=1");
		loop(&d);
		if (d.stop)	/* SIGTERM: queueing off where no path is */
			shutdown_unqueue(&d.mon, d.conf, NULL);
		daemon_sys_notify("STOPPING=1");
		/* No semaphore left behind: what udev did not finish, released. */
		udev_poll(&d, 1);
		if (mpdm_udev_drain(UDEV_DRAIN_MS))
			monitor_log(&d.mon, 4, "udev did not finish a map change"
				" within %d ms: released without it",
				UDEV_DRAIN_MS);
	}
	/* A check stuck in the kernel keeps its thread: leave it there. */
	if (d.chk && monitor_running(&d.mon)) {
		fflush(NULL);
		_exit(r);
	}
	checker_free(d.chk);
	monitor_free(&d.mon);
	config_free(d.conf);
	daemon_sys_uev_close(d.uev);
	if (d.dmfd >= 0)
		close(d.dmfd);
	if (d.sigfd >= 0)
		close(d.sigfd);
	return r;
}
