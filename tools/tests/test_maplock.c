// SPDX-License-Identifier: GPL-2.0-only
/*
 * One lock per map (lib/maplock.h): two writers, each a process doing
 * read-modify-write cycles of one "table" under the map's lock, lose
 * none of the other's changes; a held lock makes the next writer wait
 * and give up with a reason past its wait; a name with a '/' has no lock
 * file; the directory is made if missing. And the daemon's and
 * reconfigure's reloads of a map happen with its lock held (the dm ops'
 * lock, daemon/monitor.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/reconfigure.h"
#include "fake_mon.h"
#include "fakefs.h"
#include "lib/maplock.h"
#include "unit.h"

#define ROUNDS	200

static int read_count(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return 0;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? atoi(buf) : 0;
}

static void write_count(const char *path, int v)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), n;

	if (fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%d\n", v);
	if (write(fd, buf, (size_t)n) != n)
		perror("write");
	close(fd);
}

/* A writer: ROUNDS times, under the lock, read, wait a little, write +1. */
static int writer(const char *dir, const char *file)
{
	char err[256];
	int i, fd, v;

	for (i = 0; i < ROUNDS; i++) {
		fd = maplock_take_in(dir, "mpatha", 60000, err, sizeof(err));
		if (fd < 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		v = read_count(file);
		usleep(200);	/* the other writer runs meanwhile */
		write_count(file, v + 1);
		maplock_drop(fd);
	}
	return 0;
}

static void two_writers(void **state)
{
	char dir[] = "/tmp/mpath2-maplock.XXXXXX", file[64], sub[96];
	pid_t pid[2];
	int i, st, bad = 0, count;

	(void)state;
	CHECK(mkdtemp(dir), "mkdtemp");
	snprintf(file, sizeof(file), "%s/table", dir);
	/* The lock directory does not exist yet: made on first use. */
	snprintf(sub, sizeof(sub), "%s/run", dir);
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (!pid[i])
			_exit(writer(sub, file));
	}
	for (i = 0; i < 2; i++)
		if (pid[i] < 0 || waitpid(pid[i], &st, 0) != pid[i] ||
		    !WIFEXITED(st) || WEXITSTATUS(st))
			bad = 1;
	count = read_count(file);
	fakefs_remove(dir);
	CHECK(!bad, "a writer failed");
	CHECK(count == 2 * ROUNDS, "%d of %d changes kept", count, 2 * ROUNDS);
}

/* Held: the next writer waits, then gives up with a reason. */
static void held_waits(void **state)
{
	char dir[] = "/tmp/mpath2-maplock.XXXXXX", err[256] = "";
	int a, b, c, other;

	(void)state;
	CHECK(mkdtemp(dir), "mkdtemp");
	a = maplock_take_in(dir, "mpatha", 1000, err, sizeof(err));
	b = maplock_take_in(dir, "mpatha", 50, err, sizeof(err));
	other = maplock_take_in(dir, "mpathb", 50, err + 128, sizeof(err) - 128);
	maplock_drop(a);
	c = maplock_take_in(dir, "mpatha", 50, err + 200, sizeof(err) - 200);
	maplock_drop(b);
	maplock_drop(c);
	maplock_drop(other);
	fakefs_remove(dir);
	CHECK(a >= 0 && b == -1 && strstr(err, "another writer holds the map"),
	      "held: %d %d '%s'", a, b, err);
	CHECK(other >= 0, "another map's lock waited for this one's");
	CHECK(c >= 0, "not free again once dropped");
}

static void bad_names(void **state)
{
	char err[256] = "";

	(void)state;
	CHECK(maplock_take_in("/tmp", "a/b", 10, err, sizeof(err)) == -1 &&
	      strstr(err, "no lock file"), "a/b: '%s'", err);
	CHECK(maplock_take_in("/tmp", "", 10, err, sizeof(err)) == -1,
	      "an empty name");
	CHECK(maplock_take_in("/proc/no/such", "x", 10, err, sizeof(err)) == -1 &&
	      strstr(err, "/proc/no/such"), "no directory: '%s'", err);
}

/* The dm ops of the pretend kernel, with a lock whose state is checked. */
static int locked, lock_calls, reload_unlocked;

static int t_lock(const char *name, char *err, size_t errlen)
{
	(void)name;
	(void)err;
	(void)errlen;
	lock_calls++;
	locked = 1;
	return 7;
}

static void t_unlock(int fd)
{
	if (fd == 7)
		locked = 0;
}

static int t_reload(const char *name, unsigned long long sectors,
		    const char *params, char *err, size_t errlen)
{
	if (!locked)
		reload_unlocked++;
	return fake_mon_dm.reload(name, sectors, params, err, errlen);
}

static void reconfigure_locks(void **state)
{
	static const char text[] = "defaults {\n no_path_retry queue\n}\n";
	struct monitor_dm dm = fake_mon_dm;
	struct mpath2_conf *conf;
	int n;

	(void)state;
	dm.lock = t_lock;
	dm.unlock = t_unlock;
	dm.reload = t_reload;
	locked = lock_calls = reload_unlocked = 0;
	fake_mon_set("8:16A 8:32A");
	conf = config_parse("t.conf", text, strlen(text), stderr);
	CHECK(conf, "config");
	n = reconfigure_maps(&dm, conf, NULL, stderr, 0, NULL, NULL);
	config_free(conf);
	CHECK(n == 1 && fake_mon_reloaded[0], "%d reloaded", n);
	CHECK(lock_calls == 1 && !reload_unlocked && !locked,
	      "%d locks, %d reloads without it, left locked %d", lock_calls,
	      reload_unlocked, locked);
}

void maplock_tests(void)
{
	unit_case("tools/maplock/two_writers_lose_nothing", two_writers, NULL);
	unit_case("tools/maplock/held_waits_then_gives_up", held_waits, NULL);
	unit_case("tools/maplock/bad_names", bad_names, NULL);
	unit_case("tools/maplock/reconfigure_reloads_under_lock",
		  reconfigure_locks, NULL);
}
