// SPDX-License-Identifier: GPL-2.0-only
/*
 * run-dm-tests: mpdm.c against libdm_mock.c. Checks what mpdm.c makes of
 * libdevmapper's answers (missing map, wrong target, errors and their
 * log lines, the list walk), and that every task it creates is destroyed.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <libdevmapper.h>

#include "checkers/checker.h"
#include "daemon/monitor.h"
#include "lib/mpdm.h"
#include "libdm_mock.h"
#include "unit.h"

const char *fake_sysfs;		/* unit.h's; unused here */
const char *cli_bin, *cli_dkms_conf;	/* the same */

#define RR_TABLE	"2 queue_mode bio 0 1 1 round-robin 0 1 1 8:16 1 "
#define RR_STATUS	"2 0 0 0 1 1 A 0 1 0 8:16 A 0 "

static const struct mock_map maps[] = {
	{ "mpathb", { "mpath2" }, RR_TABLE, RR_STATUS, 7, 1, 0, 0, NULL },
	{ "linear0", { "linear" }, "8:16 0", "", 1, 0, 0, 0, NULL },
	{ "mpatha", { "mpath2" }, RR_TABLE, RR_STATUS, 3, 0, 0, 0,
	  "mpath2-36001405a1b2c3d4e5f60718293a4b5c6" },
	{ "empty", { NULL }, NULL, NULL, 4, 0, 0, 0, NULL },
	{ "two", { "mpath2", "mpath2" }, RR_TABLE, RR_STATUS, 5, 0, 0, 0, NULL },
	{ "busy", { "mpath2" }, RR_TABLE, RR_STATUS, 6, 0, 0, 0, NULL },
	{ "refuser", { "mpath2" }, RR_TABLE, RR_STATUS, 8, 0, 0, 0, NULL },
	{ "vanishing", { "mpath2" }, RR_TABLE, RR_STATUS, 9, 0, 0, 1, NULL },
	{ NULL, { NULL }, NULL, NULL, 0, 0, 0, 0, NULL },
};

/* A map whose every ioctl fails, among readable ones. */
static const struct mock_map denied_maps[] = {
	{ "mpatha", { "mpath2" }, RR_TABLE, RR_STATUS, 3, 0, 0, 0, NULL },
	{ "denied", { "mpath2" }, RR_TABLE, RR_STATUS, 10, 0, EACCES, 0, NULL },
	{ NULL, { NULL }, NULL, NULL, 0, 0, 0, 0, NULL },
};

static const struct mock_map no_maps[] = { { NULL, { NULL }, NULL, NULL, 0, 0, 0, 0, NULL } };

struct get_case {
	const char *name;	/* the map */
	int with_status;
	int r;			/* expected return */
	const char *err;	/* expected reason; NULL on success */
};

static const struct get_case get_cases[] = {
	{ "mpathb", 1, 0, NULL },
	{ "mpatha", 0, 0, NULL },
	{ "nosuch", 1, MPDM_NOMAP, "nosuch: no such map" },
	{ "linear0", 1, MPDM_NOTOURS, "linear0: not an mpath2 map (linear)" },
	{ "empty", 0, MPDM_NOTOURS, "empty: not an mpath2 map (no table loaded)" },
	{ "two", 0, MPDM_NOTOURS, "two: not an mpath2 map (more than one target)" },
	{ "vanishing", 1, MPDM_NOMAP, "vanishing: no such map" },
	{ "denied", 0, MPDM_ERR,
	  "device-mapper: table ioctl on denied  failed: Permission denied" },
};

static void get_case(void **state)
{
	const struct get_case *c = *state;
	struct mpdm_map map;
	char err[256] = "";
	int r;

	mock_maps = strcmp(c->name, "denied") ? maps : denied_maps;
	r = mpdm_get_map(c->name, c->with_status, &map, err, sizeof(err));
	CHECK(r == c->r, "returned %d, not %d (%s)", r, c->r, err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	if (r) {
		CHECK(!strcmp(err, c->err), "reason '%s', not '%s'", err, c->err);
		CHECK(!map.table && !map.status, "data left after failure");
		return;
	}
	CHECK(!strcmp(map.name, c->name) && map.major == 253 &&
	      map.sectors == 2097152, "identity");
	CHECK(!strcmp(map.table, RR_TABLE), "table '%s'", map.table);
	CHECK(c->with_status ? !strcmp(map.status, RR_STATUS) : !map.status,
	      "status '%s'", map.status ? map.status : "(none)");
	CHECK(!strcmp(c->name, "mpathb") ? map.minor == 7 && map.read_only :
	      map.minor == 3 && !map.read_only, "minor/read-only");
	mpdm_free_map(&map);
}

struct msg_case {
	const char *name, *msg;
	int r;
	const char *err;	/* NULL on success */
};

static const struct msg_case msg_cases[] = {
	{ "mpatha", "fail_path 8:16", 0, NULL },
	{ "busy", "switch_group 1", MPDM_ERR,
	  "busy: map is suspended, 'switch_group 1' refused" },
	{ "refuser", "fail_path 8:16", MPDM_ERR,
	  "refuser: target refused 'fail_path 8:16' (Invalid argument; see dmesg)" },
	{ "nosuch", "fail_path 8:16", MPDM_NOMAP, "nosuch: no such map" },
};

static void msg_case(void **state)
{
	const struct msg_case *c = *state;
	char err[256] = "", sent[256];
	int r;

	mock_maps = maps;
	r = mpdm_message(c->name, c->msg, err, sizeof(err));
	CHECK(r == c->r, "returned %d, not %d (%s)", r, c->r, err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	CHECK(!c->err || !strcmp(err, c->err), "reason '%s'", err);
	if (!r) {
		snprintf(sent, sizeof(sent), "%s 0 %s", c->name, c->msg);
		CHECK(!strcmp(mock_sent, sent), "sent '%s', not '%s'", mock_sent,
		      sent);
	}
}

static void list_ours_sorted(void **state)
{
	char err[256] = "", **names;
	size_t count;

	(void)state;
	mock_maps = maps;
	CHECK(!mpdm_list(&names, &count, err, sizeof(err)), "failed: %s", err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	/* Not linear0, empty or two (their tables are not one mpath2). */
	CHECK(count == 5, "%zu maps", count);
	CHECK(!strcmp(names[0], "busy") && !strcmp(names[1], "mpatha") &&
	      !strcmp(names[2], "mpathb") && !strcmp(names[3], "refuser") &&
	      !strcmp(names[4], "vanishing"),
	      "names/order: %s %s %s ...", names[0], names[1], names[2]);
	mpdm_free_names(names, count);
}

/*
 * sysfs gives a dm UUID that is not mpath2's (LVM-): that map is passed
 * over with no TABLE ioctl, even though (here) its table is mpath2's;
 * an mpath2- UUID or none still has its table asked.
 */
static void mkdirs(char *path)
{
	char *s;

	for (s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
}

static int put_uuid(const char *root, unsigned int minor, const char *uuid)
{
	uint64_t dev = makedev(253, minor);	/* as libdm_mock.c */
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/dev/block/%u:%u/dm/uuid", root,
		 major((dev_t)dev), minor((dev_t)dev));
	mkdirs(path);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%s\n", uuid);
	return fclose(f);
}

static void list_skips_others_uuid(void **state)
{
	char root[] = "/tmp/mpath2-dmsys.XXXXXX", cmd[64], err[256] = "";
	char **names = NULL;
	size_t count = 0, i;
	int r, has_b = 0, has_a = 0;

	(void)state;
	mock_maps = maps;
	CHECK(mkdtemp(root), "mkdtemp");
	r = put_uuid(root, 7, "LVM-Ab12") ||
	    put_uuid(root, 3, "mpath2-36001405a1b2c3d4e5f60718293a4b5c6");
	mpdm_set_sysfs(root);
	if (!r)
		r = mpdm_list(&names, &count, err, sizeof(err));
	mpdm_set_sysfs(NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd))
		perror(cmd);
	CHECK(!r, "failed: %s", err);
	for (i = 0; i < count; i++) {
		has_a |= !strcmp(names[i], "mpatha");
		has_b |= !strcmp(names[i], "mpathb");
	}
	mpdm_free_names(names, count);
	CHECK(count == 4 && has_a && !has_b, "%zu maps, mpatha %d, mpathb %d"
	      " (its UUID is LVM's)", count, has_a, has_b);
	CHECK(mpdm_uuid_maybe_ours(NULL) && mpdm_uuid_maybe_ours("") &&
	      mpdm_uuid_maybe_ours("mpath2-x") && !mpdm_uuid_maybe_ours("mpath-x") &&
	      !mpdm_uuid_maybe_ours("CRYPT-LUKS2-x"), "mpdm_uuid_maybe_ours");
}

static void list_empty(void **state)
{
	char err[256] = "", **names;
	size_t count = 99;

	(void)state;
	mock_maps = no_maps;
	CHECK(!mpdm_list(&names, &count, err, sizeof(err)), "failed: %s", err);
	CHECK(count == 0 && !names, "%zu maps", count);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
}

static void list_fails(void **state)
{
	char err[256] = "", **names;
	size_t count;

	(void)state;
	mock_maps = maps;
	mock_list_errno = EPERM;
	CHECK(mpdm_list(&names, &count, err, sizeof(err)) == MPDM_ERR,
	      "succeeded");
	CHECK(!strcmp(err, "device-mapper: list ioctl on   failed: "
		      "Operation not permitted"), "reason '%s'", err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
}

/* One table that cannot be read fails the list, and leaks nothing. */
static void list_one_unreadable(void **state)
{
	char err[256] = "", **names;
	size_t count;

	(void)state;
	mock_maps = denied_maps;
	CHECK(mpdm_list(&names, &count, err, sizeof(err)) == MPDM_ERR,
	      "succeeded");
	CHECK(!names && !count, "names left after failure");
	CHECK(strstr(err, "on denied  failed: Permission denied"), "reason '%s'",
	      err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
}

/* --- create, remove, message answers ---------------------------------------- */

#define NEW_PARAMS	"0 0 1 1 round-robin 0 1 1 8:16 1"

struct create_case {
	const char *name;	/* the case */
	const char *map;
	int create_errno, leaves_map, udev_disabled;
	int r;
	const char *created;	/* mock_created after; "" for no CREATE */
	const char *removed;	/* mock_removed after */
	const char *err;	/* expected reason; NULL on success */
	int cookies;		/* cookies set, each waited on */
};

static const struct create_case create_cases[] = {
	{ "ok", "new0", 0, 0, 0, 0,
	  "new0 mpath2-new0 0 2048 mpath2 " NEW_PARAMS, "", NULL, 1 },
	{ "udev_disabled", "new0", 0, 0, 1, 0,
	  "new0 mpath2-new0 0 2048 mpath2 " NEW_PARAMS, "", NULL, 1 },
	{ "exists", "mpatha", 0, 0, 0, MPDM_EXISTS, "", "",
	  "mpatha: a map by that name exists", 0 },
	{ "load_fails_empty_map_removed", "new0", EINVAL, 1, 0, MPDM_ERR,
	  "new0 mpath2-new0 0 2048 mpath2 " NEW_PARAMS, "new0 ",
	  "device-mapper: reload ioctl on new0  failed: Invalid argument"
	  " (empty map removed)", 2 },
	{ "load_fails_libdm_reverted", "new0", EINVAL, 0, 0, MPDM_ERR,
	  "new0 mpath2-new0 0 2048 mpath2 " NEW_PARAMS, "",
	  "device-mapper: reload ioctl on new0  failed: Invalid argument", 1 },
	{ "load_fails_udev_disabled", "new0", ENXIO, 1, 1, MPDM_ERR,
	  "new0 mpath2-new0 0 2048 mpath2 " NEW_PARAMS, "new0 ",
	  "(empty map removed)", 2 },
};

static void create_case(void **state)
{
	const struct create_case *c = *state;
	char err[256] = "", uuid[160];
	int r;

	mock_maps = maps;
	mock_create_errno = c->create_errno;
	mock_create_leaves_map = c->leaves_map;
	mock_udev_disabled = c->udev_disabled;
	snprintf(uuid, sizeof(uuid), "mpath2-%s", c->map);
	r = mpdm_create(c->map, uuid, 2048, NEW_PARAMS, err, sizeof(err));
	CHECK(r == c->r, "returned %d, not %d (%s)", r, c->r, err);
	CHECK(!c->err || strstr(err, c->err), "reason '%s', not '%s'", err,
	      c->err);
	CHECK(!strcmp(mock_created, c->created), "created '%s'", mock_created);
	CHECK(!strcmp(mock_removed, c->removed), "removed '%s'", mock_removed);
	CHECK(mock_cookies_set == c->cookies && mock_cookies_waited == c->cookies,
	      "%d cookie(s) set, %d waited on, not %d", mock_cookies_set,
	      mock_cookies_waited, c->cookies);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
}

struct remove_case {
	const char *map;
	int remove_errno;
	int r;
	const char *removed, *err;
};

static const struct remove_case remove_cases[] = {
	{ "mpatha", 0, 0, "mpatha ", NULL },
	{ "mpathb", EBUSY, MPDM_ERR, "", "mpathb: map is in use (open or mounted)" },
	{ "nosuch", 0, MPDM_NOMAP, "", "nosuch: no such map" },
};

static void remove_case(void **state)
{
	const struct remove_case *c = *state;
	char err[256] = "";
	int r;

	mock_maps = maps;
	mock_remove_errno = c->remove_errno;
	r = mpdm_remove(c->map, err, sizeof(err));
	CHECK(r == c->r, "returned %d, not %d (%s)", r, c->r, err);
	CHECK(!c->err || !strcmp(err, c->err), "reason '%s'", err);
	CHECK(!strcmp(mock_removed, c->removed), "removed '%s'", mock_removed);
	CHECK(mock_cookies_set == 1 && mock_cookies_waited == 1,
	      "%d cookie(s) set, %d waited on", mock_cookies_set,
	      mock_cookies_waited);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
}

/* --- reload: RELOAD then RESUME, never left suspended ------------------------ */

struct reload_case {
	const char *name, *map;
	int reload_errno, resume_errno;
	int r;
	const char *steps;	/* mock_steps after */
	const char *err;	/* part of the reason; NULL on success */
};

static const struct reload_case reload_cases[] = {
	{ "ok", "mpatha", 0, 0, 0, "reload resume-noflush ", NULL },
	{ "refused_table", "mpatha", EINVAL, 0, MPDM_ERR, "reload ",
	  "reload ioctl on mpatha  failed: Invalid argument" },
	{ "resume_fails_old_table_resumed", "mpatha", 0, EINVAL, MPDM_ERR,
	  "reload resume-noflush clear resume-noflush ",
	  "(old table kept, map resumed)" },
	{ "no_such_map", "nosuch", 0, 0, MPDM_NOMAP, "", "nosuch: no such map" },
};

static void reload_case(void **state)
{
	const struct reload_case *c = *state;
	char err[256] = "";
	int r;

	mock_maps = maps;
	mock_reload_errno = c->reload_errno;
	mock_resume_errno = c->resume_errno;
	r = mpdm_reload(c->map, 2048, NEW_PARAMS, err, sizeof(err));
	CHECK(r == c->r, "returned %d, not %d (%s)", r, c->r, err);
	CHECK(!c->err || strstr(err, c->err), "reason '%s', not '%s'", err,
	      c->err);
	CHECK(!strcmp(mock_steps, c->steps), "steps '%s', not '%s'", mock_steps,
	      c->steps);
	CHECK(!mock_suspended, "map left suspended");
	CHECK(!mock_inactive, "inactive table left loaded");
	CHECK(mock_cookies_set == mock_cookies_waited, "%d cookie(s) set, %d"
	      " waited on", mock_cookies_set, mock_cookies_waited);
	CHECK(r || !strcmp(mock_reloaded, "mpatha 0 2048 mpath2 " NEW_PARAMS),
	      "reloaded '%s'", mock_reloaded);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
}

static void get_uuid(void **state)
{
	struct mpdm_map m;
	char err[256] = "";

	(void)state;
	mock_maps = maps;
	CHECK(!mpdm_get_map("mpatha", 0, &m, err, sizeof(err)), "failed: %s",
	      err);
	CHECK(!strcmp(m.uuid, "mpath2-36001405a1b2c3d4e5f60718293a4b5c6"),
	      "uuid '%s'", m.uuid);
	mpdm_free_map(&m);
	CHECK(!mpdm_get_map("mpathb", 0, &m, err, sizeof(err)), "failed: %s",
	      err);
	CHECK(!m.uuid[0], "uuid '%s' for a map without one", m.uuid);
	mpdm_free_map(&m);
}

static void message_answer(void **state)
{
	char err[256] = "", *answer = NULL;

	(void)state;
	mock_maps = maps;
	CHECK(!mpdm_message_answer("mpatha", "path_stats", &answer, err,
				   sizeof(err)), "failed: %s", err);
	CHECK(answer && !strcmp(answer, "8:16 group=1 state=active fail_count=0"
				" errors=0 ios=7 in_flight=0"), "answer '%s'",
	      answer ? answer : "(null)");
	free(answer);
	/* No answer from the target: "", not NULL. */
	CHECK(!mpdm_message_answer("mpatha", "probe_paths", &answer, err,
				   sizeof(err)), "failed: %s", err);
	CHECK(answer && !answer[0], "answer '%s'", answer ? answer : "(null)");
	free(answer);
	CHECK(mpdm_message_answer("refuser", "path_stats", &answer, err,
				  sizeof(err)) == MPDM_ERR && !answer,
	      "refused message gave an answer");
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
}

/* --- udev cookies: the CLI waits, the daemon keeps them (mpdm.h) ---------- */

/* A reload of mpatha; 0 or the reason. */
static int reload_mpatha(char *err, size_t errlen)
{
	return mpdm_reload("mpatha", 2048, NEW_PARAMS, err, errlen);
}

/* Back to the CLI's way, with nothing pending, for the next case. */
static void udev_done(void)
{
	mpdm_udev_drain(0);
	mpdm_udev_defer(0);
}

/* The CLI returns with udev done: it waits, even on a stuck udevd. */
static void udev_cli_waits(void **state)
{
	char err[256] = "";

	(void)state;
	mock_maps = maps;
	mock_udev_stuck = 1;
	CHECK(!reload_mpatha(err, sizeof(err)), "reload: %s", err);
	CHECK(mock_blocked_waits == 1 && mpdm_udev_pending() == 0,
	      "%d blocking wait(s), %zu pending", mock_blocked_waits,
	      mpdm_udev_pending());
	CHECK(!mock_cookie_flags, "flags 0x%x", mock_cookie_flags);
	CHECK(mock_cookies_live() == 0 && !mock_cookie_errors,
	      "%d semaphore(s) left, %d error(s)", mock_cookies_live(),
	      mock_cookie_errors);
}

/*
 * The daemon: a stuck udevd never holds a reload, and what comes after
 * (rounds of checks: the table and status read, fail_path sent) goes
 * on; each cookie is released once udev completes it, and only once.
 */
static void udev_daemon_never_waits(void **state)
{
	struct mpdm_map m;
	char err[256] = "";
	int round;

	(void)state;
	mock_maps = maps;
	mpdm_udev_defer(1);
	mock_udev_stuck = 1;
	/* Two reloads of one map: two cookies, each its own. */
	CHECK(!reload_mpatha(err, sizeof(err)), "reload: %s", err);
	CHECK(!reload_mpatha(err, sizeof(err)), "reload 2: %s", err);
	CHECK(!mpdm_create("mpathz", "mpath2-z", 2048, NEW_PARAMS, err,
			   sizeof(err)), "create: %s", err);
	CHECK(mock_blocked_waits == 0, "%d wait(s) on a stuck udevd",
	      mock_blocked_waits);
	CHECK(mock_cookie_flags == DM_UDEV_DISABLE_LIBRARY_FALLBACK,
	      "flags 0x%x: libdm would make nodes udev has not", mock_cookie_flags);
	for (round = 0; round < 5; round++) {
		CHECK(!mpdm_get_map("mpatha", 1, &m, err, sizeof(err)),
		      "round %d: %s", round, err);
		mpdm_free_map(&m);
		CHECK(!mpdm_message("mpatha", "fail_path 8:16", err, sizeof(err)),
		      "round %d: %s", round, err);
		CHECK(mpdm_udev_poll() == 3, "round %d: %zu pending", round,
		      mpdm_udev_pending());
	}
	CHECK(mock_cookies_live() == 3 && mock_cookies_released == 0,
	      "%d live, %d released before udev", mock_cookies_live(),
	      mock_cookies_released);
	mock_udev_catch_up();
	CHECK(mpdm_udev_poll() == 0, "%zu pending after udev", mpdm_udev_pending());
	CHECK(mpdm_udev_poll() == 0 && mock_cookies_released == 3,
	      "%d released", mock_cookies_released);
	CHECK(mock_cookies_live() == 0 && !mock_cookie_errors && !mock_blocked_waits,
	      "%d semaphore(s) left, %d error(s), %d blocking", mock_cookies_live(),
	      mock_cookie_errors, mock_blocked_waits);
	CHECK(mpdm_udev_forced() == 0, "%lu forced", mpdm_udev_forced());
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	udev_done();
}

/* A map removed while its reload's cookie is pending leaks nothing. */
static void udev_map_removed_pending(void **state)
{
	char err[256] = "";

	(void)state;
	mock_maps = maps;
	mpdm_udev_defer(1);
	mock_udev_stuck = 1;
	CHECK(!reload_mpatha(err, sizeof(err)), "reload: %s", err);
	CHECK(!mpdm_remove("mpatha", err, sizeof(err)), "remove: %s", err);
	CHECK(mpdm_udev_poll() == 2, "%zu pending", mpdm_udev_pending());
	mock_udev_catch_up();
	CHECK(mpdm_udev_poll() == 0 && mock_cookies_released == 2 &&
	      mock_cookies_live() == 0 && !mock_cookie_errors,
	      "%d released, %d live, %d errors", mock_cookies_released,
	      mock_cookies_live(), mock_cookie_errors);
	udev_done();
}

/* A udevd stuck for good: the list stays bounded, the oldest forced. */
static void udev_full_forces_oldest(void **state)
{
	unsigned long before = mpdm_udev_forced();
	char err[256] = "";
	int i;

	(void)state;
	mock_maps = maps;
	mpdm_udev_defer(1);
	mock_udev_stuck = 1;
	for (i = 0; i < MPDM_UDEV_MAX + 3; i++)
		CHECK(!reload_mpatha(err, sizeof(err)), "reload %d: %s", i, err);
	CHECK(mpdm_udev_pending() == MPDM_UDEV_MAX, "%zu pending",
	      mpdm_udev_pending());
	CHECK(mpdm_udev_forced() - before == 3, "%lu forced",
	      mpdm_udev_forced() - before);
	CHECK(mock_cookies_live() == MPDM_UDEV_MAX && !mock_cookie_errors &&
	      !mock_blocked_waits, "%d live, %d errors, %d blocking",
	      mock_cookies_live(), mock_cookie_errors, mock_blocked_waits);
	udev_done();
	CHECK(mock_cookies_live() == 0 && !mock_cookie_errors,
	      "%d left after the drain, %d errors", mock_cookies_live(),
	      mock_cookie_errors);
}

/*
 * Exit: the cookies udev completes meanwhile are released, the rest
 * forced after the bound; no semaphore is left behind.
 */
static void udev_exit_drains(void **state)
{
	char err[256] = "";
	size_t forced;

	(void)state;
	mock_maps = maps;
	mpdm_udev_defer(1);
	mock_udev_stuck = 1;
	CHECK(!reload_mpatha(err, sizeof(err)), "reload: %s", err);
	mock_udev_catch_up();
	CHECK(!reload_mpatha(err, sizeof(err)), "reload 2: %s", err);
	CHECK(!reload_mpatha(err, sizeof(err)), "reload 3: %s", err);
	forced = mpdm_udev_drain(2 * MPDM_UDEV_DRAIN_STEP_MS);
	CHECK(forced == 2 && mock_cookies_released == 3,
	      "%zu forced, %d released", forced, mock_cookies_released);
	CHECK(mpdm_udev_pending() == 0 && mock_cookies_live() == 0 &&
	      !mock_cookie_errors && !mock_blocked_waits,
	      "%zu pending, %d live, %d errors, %d blocking",
	      mpdm_udev_pending(), mock_cookies_live(), mock_cookie_errors,
	      mock_blocked_waits);
	udev_done();
}

/* No udev sync (DM_DISABLE_UDEV=1): cookie 0, libdm's node work at once. */
static void udev_disabled_nothing_kept(void **state)
{
	char err[256] = "";

	(void)state;
	mock_maps = maps;
	mpdm_udev_defer(1);
	mock_udev_disabled = 1;
	CHECK(!reload_mpatha(err, sizeof(err)), "reload: %s", err);
	CHECK(mpdm_udev_pending() == 0 && mock_cookies_waited == 1 &&
	      !mock_cookie_flags, "%zu pending, %d waited, flags 0x%x",
	      mpdm_udev_pending(), mock_cookies_waited, mock_cookie_flags);
	udev_done();
}

/* --- the daemon's rounds go on while udev sits on a cookie ----------------- */

static enum tur_state up_tur(const char *devnode, unsigned int timeout_ms,
			     char *why, size_t whylen)
{
	(void)timeout_ms;
	snprintf(why, whylen, "%s: scripted", devnode);
	return TUR_UP;
}

static const struct checker_ops up_ops = { .tur = up_tur };

/*
 * monitor.c's rounds over mpdm.c over the mock, with a reload (what a
 * hotplug, a resize or SIGHUP does) whose cookie udev never completes:
 * every round still reads the map and checks its path.
 */
static void udev_rounds_go_on(void **state)
{
	struct pollfd pfd;
	struct monitor mon;
	struct checker *chk;
	char err[256] = "";
	int round, got, tries, checked = 0;

	(void)state;
	mock_maps = maps;
	mpdm_udev_defer(1);
	mock_udev_stuck = 1;
	chk = checker_new(&up_ops);
	CHECK(chk, "no checker");
	monitor_init(&mon, &monitor_dm_real, chk, NULL, NULL, 1, 1, 5);
	pfd = (struct pollfd){ checker_fd(chk), POLLIN, 0 };
	CHECK(!mon.dm->reload("mpatha", 2048, NEW_PARAMS, err, sizeof(err)),
	      "reload: %s", err);
	for (round = 0; round < 5; round++) {
		long long now = round * 1000LL;

		mpdm_udev_poll();
		monitor_refresh(&mon, now);
		monitor_start_due(&mon, now);
		for (got = 0, tries = 0; !got && tries < 500; tries++) {
			poll(&pfd, 1, 10);
			got = monitor_collect(&mon, now);
		}
		checked += got;
	}
	/* Every mpath2 map's 8:16, one check per map each round. */
	CHECK(checked >= 5 && mpdm_udev_pending() == 1 && !mock_blocked_waits,
	      "%d checks in 5 rounds, %zu pending, %d blocking waits", checked,
	      mpdm_udev_pending(), mock_blocked_waits);
	mock_udev_catch_up();
	CHECK(mpdm_udev_poll() == 0 && mock_cookies_released == 1 &&
	      mock_cookies_live() == 0, "%d released, %d live",
	      mock_cookies_released, mock_cookies_live());
	checker_free(chk);
	monitor_free(&mon);
	udev_done();
}

/* --- event numbers: only the maps that changed are read again ------------- */

/* Event numbers read after each name; an old kernel's list has none. */
static void list_events_numbers(void **state)
{
	char root[] = "/tmp/mpath2-dmsys.XXXXXX", cmd[64], err[256] = "";
	struct mpdm_entry *l = NULL;
	size_t n = 0, i, seen = 0;
	int r;

	(void)state;
	mock_maps = maps;
	mock_event_nr[3] = 7;
	mock_event_nr[9] = 0x12345678;
	CHECK(mkdtemp(root), "mkdtemp");
	r = put_uuid(root, 7, "LVM-Ab12") ||
	    put_uuid(root, 3, "mpath2-36001405a1b2c3d4e5f60718293a4b5c6");
	mpdm_set_sysfs(root);
	if (!r)
		r = mpdm_list_events(&l, &n, err, sizeof(err));
	mpdm_set_sysfs(NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd))
		perror(cmd);
	CHECK(!r, "failed: %s", err);
	for (i = 0; i < n; i++) {
		CHECK(strcmp(l[i].name, "mpathb"), "LVM's mpathb listed");
		CHECK(l[i].has_event, "%s: no event number", l[i].name);
		if (!strcmp(l[i].name, "mpatha"))
			seen += l[i].event_nr == 7 && l[i].minor == 3 &&
				!strcmp(l[i].uuid, "mpath2-36001405a1b2c3d4e5f60718293a4b5c6");
		if (!strcmp(l[i].name, "vanishing"))
			seen += l[i].event_nr == 0x12345678 && !l[i].uuid[0];
	}
	free(l);
	CHECK(n == 7 && seen == 2, "%zu listed, %zu right", n, seen);
	CHECK(mock_runs[DM_DEVICE_LIST] == 1 && !mock_runs[DM_DEVICE_TABLE],
	      "%d LIST, %d TABLE", mock_runs[DM_DEVICE_LIST],
	      mock_runs[DM_DEVICE_TABLE]);
	mock_driver_version = "4.36.0";
	CHECK(!mpdm_list_events(&l, &n, err, sizeof(err)) && n == 8 &&
	      !l[0].has_event, "dm 4.36: %zu listed, has_event %d", n,
	      n ? l[0].has_event : -1);
	free(l);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
}

#define IDLE_STATUS	"2 0 0 0 1 1 A 0 1 0 8:16 A 0 "

/* Eight mpath2 maps and an LVM volume whose UUID sysfs does not give. */
static const struct mock_map idle_maps[] = {
	{ "m0", { "mpath2" }, RR_TABLE, IDLE_STATUS, 20, 0, 0, 0, "mpath2-w0" },
	{ "m1", { "mpath2" }, RR_TABLE, IDLE_STATUS, 21, 0, 0, 0, "mpath2-w1" },
	{ "m2", { "mpath2" }, RR_TABLE, IDLE_STATUS, 22, 0, 0, 0, "mpath2-w2" },
	{ "m3", { "mpath2" }, RR_TABLE, IDLE_STATUS, 23, 0, 0, 0, "mpath2-w3" },
	{ "m4", { "mpath2" }, RR_TABLE, IDLE_STATUS, 24, 0, 0, 0, "mpath2-w4" },
	{ "m5", { "mpath2" }, RR_TABLE, IDLE_STATUS, 25, 0, 0, 0, "mpath2-w5" },
	{ "m6", { "mpath2" }, RR_TABLE, IDLE_STATUS, 26, 0, 0, 0, "mpath2-w6" },
	{ "m7", { "mpath2" }, RR_TABLE, IDLE_STATUS, 27, 0, 0, 0, "mpath2-w7" },
	{ "vg-lv", { "linear" }, "8:32 0", "", 30, 0, 0, 0, "LVM-x" },
	{ NULL, { NULL }, NULL, NULL, 0, 0, 0, 0, NULL },
};

#define IDLE_N		8
#define IDLE_TICKS	12	/* one refresh per 5 s tick, a minute */

/* TABLE ioctls of @ticks refreshes (@changed: only the changed maps). */
static int tables_per(struct monitor *mon, int ticks, int changed)
{
	int before = mock_runs[DM_DEVICE_TABLE], i;

	for (i = 0; i < ticks; i++)
		if (changed)
			monitor_refresh_changed(mon, i * 5000LL);
		else
			monitor_refresh(mon, i * 5000LL);
	return mock_runs[DM_DEVICE_TABLE] - before;
}

/*
 * An idle host: a minute of refreshes reads no table; a map's event,
 * its "change" uevent or its going is what makes one read again; the
 * full read (the safety net) and an old kernel read them all, as did
 * the list-then-read-all refresh before event numbers (no list_events:
 * mpdm_list()'s TABLE per map, then TABLE and STATUS).
 */
static void refresh_reads_changed_only(void **state)
{
	struct monitor_dm old_ops = monitor_dm_real;
	struct monitor mon;
	int t;

	(void)state;
	mock_maps = idle_maps;
	monitor_init(&mon, &monitor_dm_real, NULL, NULL, NULL, 5, 20, 30);
	t = tables_per(&mon, 1, 1);
	CHECK(t == IDLE_N + 1 && mon.nr == IDLE_N, "first: %d TABLE, %zu paths",
	      t, mon.nr);
	t = tables_per(&mon, IDLE_TICKS, 1);
	CHECK(t == 0 && mock_runs[DM_DEVICE_STATUS] == IDLE_N,
	      "idle minute: %d TABLE, %d STATUS", t, mock_runs[DM_DEVICE_STATUS]);
	mock_event_nr[22] = 1;			/* m2 raised an event */
	mock_event_nr[30] = 5;			/* the LVM volume too */
	t = tables_per(&mon, 1, 1);
	CHECK(t == 2 && mon.maps_read == IDLE_N + 1 + 2, "event: %d TABLE", t);
	monitor_map_stale_dev(&mon, 253, 25);	/* m5's "change" uevent */
	CHECK(tables_per(&mon, 1, 1) == 1, "uevent: not m5 alone");
	monitor_map_stale(&mon, "m6");		/* reloaded by the daemon */
	CHECK(tables_per(&mon, 1, 1) == 1, "own reload: not m6 alone");
	mock_maps = idle_maps + 1;		/* m0 removed */
	CHECK(tables_per(&mon, 1, 1) == 0 && mon.nr == IDLE_N - 1,
	      "removed: %zu paths", mon.nr);
	mock_maps = idle_maps;			/* and made again */
	CHECK(tables_per(&mon, 1, 1) == 1 && mon.nr == IDLE_N, "back: %zu paths",
	      mon.nr);
	t = tables_per(&mon, 1, 0);
	CHECK(t == IDLE_N + 1, "full read: %d TABLE", t);
	/* Before: every refresh listed with a TABLE each, then read all. */
	old_ops.list_events = NULL;
	mon.dm = &old_ops;
	t = tables_per(&mon, IDLE_TICKS, 0);
	CHECK(t == IDLE_TICKS * (2 * IDLE_N + 1), "old way: %d TABLE a minute", t);
	/* A kernel without event numbers: every map at every refresh. */
	mon.dm = &monitor_dm_real;
	mock_driver_version = "4.36.0";
	t = tables_per(&mon, IDLE_TICKS, 1);
	CHECK(t == IDLE_TICKS * (IDLE_N + 1), "dm 4.36: %d TABLE", t);
	monitor_free(&mon);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
}

static void dm_tests(void)
{
	char name[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(get_cases); i++) {
		snprintf(name, sizeof(name), "tools/dm/get_map/%s%s",
			 get_cases[i].name,
			 get_cases[i].with_status ? "_with_status" : "");
		unit_case(name, get_case, &get_cases[i]);
	}
	UNIT_TABLE("tools/dm/message", msg_case, msg_cases);
	unit_case("tools/dm/list/ours_sorted", list_ours_sorted, NULL);
	unit_case("tools/dm/list/empty", list_empty, NULL);
	unit_case("tools/dm/list/others_uuid_skipped", list_skips_others_uuid,
		  NULL);
	unit_case("tools/dm/list/fails", list_fails, NULL);
	unit_case("tools/dm/list/one_unreadable", list_one_unreadable, NULL);
	UNIT_TABLE("tools/dm/create", create_case, create_cases);
	for (i = 0; i < ARRAY_SIZE(remove_cases); i++) {
		snprintf(name, sizeof(name), "tools/dm/remove/%s%s",
			 remove_cases[i].map,
			 remove_cases[i].remove_errno ? "_busy" : "");
		unit_case(name, remove_case, &remove_cases[i]);
	}
	unit_case("tools/dm/message/answer", message_answer, NULL);
	UNIT_TABLE("tools/dm/reload", reload_case, reload_cases);
	unit_case("tools/dm/get/uuid", get_uuid, NULL);
	unit_case("tools/dm/list_events/numbers", list_events_numbers, NULL);
	unit_case("tools/dm/refresh/reads_changed_maps_only",
		  refresh_reads_changed_only, NULL);
	unit_case("tools/dm/udev/cli_waits", udev_cli_waits, NULL);
	unit_case("tools/dm/udev/daemon_never_waits", udev_daemon_never_waits,
		  NULL);
	unit_case("tools/dm/udev/map_removed_while_pending",
		  udev_map_removed_pending, NULL);
	unit_case("tools/dm/udev/full_list_forces_oldest",
		  udev_full_forces_oldest, NULL);
	unit_case("tools/dm/udev/exit_drains", udev_exit_drains, NULL);
	unit_case("tools/dm/udev/rounds_go_on_while_udev_is_stuck",
		  udev_rounds_go_on, NULL);
	unit_case("tools/dm/udev/disabled_nothing_kept",
		  udev_disabled_nothing_kept, NULL);
}

int main(void)
{
	static const struct unit_suite suites[] = { { "tools/dm", dm_tests, NULL } };

	/* The mock's maps have no sysfs: their tables say, as before. */
	mpdm_set_sysfs(NULL);
	return unit_main(suites, ARRAY_SIZE(suites), libdm_mock_reset);
}
