// SPDX-License-Identifier: GPL-2.0-only
/*
 * The prkeys file (lib/prkeys.c): a key per WWID, set, replaced, taken
 * out, the file replaced whole under its lock (no update lost between
 * two writers), a bad file refused and left as it was; mpath2ctl persist
 * under mpath2.conf's reservation_key (a key, or "file", at the
 * multipath, device and defaults levels) against fake_pr_io.c's LUN over
 * fake_mpdm.c's maps (mpatha: sdb failed, sdc usable, no UUID: its WWID
 * from the paths' VPD page 0x83; alua0: sdb, sdc, sdi, whose pages name
 * two LUNs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "conf/config.h"
#include "daemon/prkey.h"
#include "fake_pr_io.h"
#include "fakefs.h"
#include "lib/common.h"
#include "lib/prkeys.h"
#include "unit.h"

#define WWID_A	"36001405a1b2c3d4e5f60718293a4b5c6"	/* sdb, sdc */
#define WWID_B	"3600a0b80001234"
#define PCI	"devices/pci0000:00/0000:00:05.0/host0/target0:0:0/"
#define SDB_DEV	PCI "0:0:0:0/block/sdb/device/"
#define SDC_DEV	PCI "0:0:0:1/block/sdc/device/"

static char dir[] = "/tmp/mpath2-prkeys.XXXXXX";
static char file[sizeof(dir) + 16];

static void tmp_setup(void)
{
	strcpy(dir, "/tmp/mpath2-prkeys.XXXXXX");
	CHECK(fakefs_new(dir) == 0, "no temporary directory");
	snprintf(file, sizeof(file), "%s/etc/prkeys", dir);
}

static char *slurp(const char *path)
{
	static char buf[8192];
	size_t n;
	FILE *f = fopen(path, "re");

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int lines_with(const char *text, const char *what)
{
	int n = 0;

	while (text && (text = strstr(text, what))) {
		n++;
		text += strlen(what);
	}
	return n;
}

static void set_get_remove(void **state)
{
	char err[ERRLEN], *t;
	struct stat a, b;
	uint64_t k = 1;

	(void)state;
	tmp_setup();
	/* No file: no key, and taking one out creates nothing. */
	CHECK(prkeys_get(file, WWID_A, &k, err, sizeof(err)) == 0 && k == 0,
	      "a key from no file: %s", err);
	CHECK(prkeys_set(file, WWID_A, 0, err, sizeof(err)) == 0 &&
	      access(file, F_OK), "unregister made a file");
	/* The directory is made; the key reads back; 0600. */
	CHECK(prkeys_set(file, WWID_A, 0xabc, err, sizeof(err)) == 1,
	      "set: %s", err);
	CHECK(prkeys_set(file, WWID_B, 0x1, err, sizeof(err)) == 1, "set B: %s", err);
	CHECK(prkeys_get(file, WWID_A, &k, err, sizeof(err)) == 0 && k == 0xabc,
	      "got 0x%llx", (unsigned long long)k);
	CHECK(!stat(file, &a) && (a.st_mode & 0777) == 0600, "mode %o",
	      a.st_mode & 0777);
	t = slurp(file);
	CHECK(t && t[0] == '#' && strstr(t, "\n0xabc " WWID_A "\n0x1 " WWID_B "\n"),
	      "file: %s", t);
	/* The same key again writes nothing (same inode, same content). */
	CHECK(prkeys_set(file, WWID_A, 0xabc, err, sizeof(err)) == 0,
	      "the same key rewrote the file");
	CHECK(!stat(file, &b) && a.st_ino == b.st_ino, "replaced for nothing");
	/* A new key replaces the line, in a new file (renamed over). */
	CHECK(prkeys_set(file, WWID_A, 0xdef, err, sizeof(err)) == 1, "%s", err);
	CHECK(!stat(file, &b) && a.st_ino != b.st_ino, "changed in place");
	t = slurp(file);
	CHECK(lines_with(t, WWID_A) == 1 && strstr(t, "0xdef " WWID_A "\n") &&
	      strstr(t, "0x1 " WWID_B "\n"), "file: %s", t);
	/* Out: the line goes, the other stays. */
	CHECK(prkeys_set(file, WWID_A, 0, err, sizeof(err)) == 1, "%s", err);
	CHECK(prkeys_get(file, WWID_A, &k, err, sizeof(err)) == 0 && k == 0,
	      "key left: 0x%llx", (unsigned long long)k);
	CHECK(prkeys_get(file, WWID_B, &k, err, sizeof(err)) == 0 && k == 1,
	      "the other key lost");
	CHECK(prkeys_set(file, WWID_A, 0, err, sizeof(err)) == 0, "out twice");
	/* Bad WWIDs are refused. */
	CHECK(prkeys_set(file, "9xyz", 1, err, sizeof(err)) == -1 &&
	      strstr(err, "not a WWID"), "err: %s", err);
	CHECK(prkeys_get(file, "", &k, err, sizeof(err)) == -1, "empty WWID read");
	fakefs_remove(dir);
}

/* multipath-tools' file reads; duplicates of a WWID collapse to one. */
static void foreign_and_bad_files(void **state)
{
	static const char mp[] =
		"# Multipath persistent reservation keys, Version : 1.0\n"
		"# Format:\n# prkey wwid\n#\n\n"
		"0x42 " WWID_A "\n0x43 " WWID_A "\n  0xb0b   " WWID_B "  \n";
	static const char *const bad[] = {
		"0x1\n", "0x1 " WWID_A " extra\n", "zz " WWID_A "\n",
		"0x1 9notawwid\n", "0x12345678901234567 " WWID_A "\n",
	};
	char err[ERRLEN], before[512], *t;
	uint64_t k;
	size_t i;

	(void)state;
	tmp_setup();
	CHECK(fakefs_puts(dir, "etc/prkeys", mp) == 0, "cannot write");
	CHECK(prkeys_get(file, WWID_A, &k, err, sizeof(err)) == 0 && k == 0x43,
	      "last line: 0x%llx (%s)", (unsigned long long)k, err);
	CHECK(prkeys_get(file, WWID_B, &k, err, sizeof(err)) == 0 && k == 0xb0b,
	      "spaces: 0x%llx", (unsigned long long)k);
	CHECK(prkeys_set(file, WWID_A, 0x44, err, sizeof(err)) == 1, "%s", err);
	t = slurp(file);
	CHECK(lines_with(t, WWID_A) == 1 && strstr(t, "0x44 " WWID_A) &&
	      strstr(t, "0xb0b " WWID_B), "file: %s", t);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(fakefs_puts(dir, "etc/prkeys", bad[i]) == 0, "cannot write");
		err[0] = '\0';
		CHECK(prkeys_get(file, WWID_A, &k, err, sizeof(err)) == -1 &&
		      strstr(err, "line 1"), "case %zu read: %s", i, err);
		CHECK(prkeys_set(file, WWID_A, 7, err, sizeof(err)) == -1,
		      "case %zu: a bad file rewritten", i);
		snprintf(before, sizeof(before), "%s", bad[i]);
		t = slurp(file);
		CHECK(t && !strcmp(t, before), "case %zu: changed: %s", i, t);
	}
	fakefs_remove(dir);
}

/* Two processes set 40 keys each at once: all 80 are there (the lock). */
static void writers_lose_nothing(void **state)
{
	char err[ERRLEN], w[40];
	pid_t pid[2];
	int i, p, st, ok = 1;
	uint64_t k;

	(void)state;
	tmp_setup();
	for (p = 0; p < 2; p++) {
		pid[p] = fork();
		CHECK(pid[p] >= 0, "fork failed");
		if (pid[p])
			continue;
		for (i = 0; i < 40; i++) {
			snprintf(w, sizeof(w), "3600a0b8000%d%04d", p, i);
			if (prkeys_set(file, w, (uint64_t)(p * 100 + i + 1), err,
				       sizeof(err)) != 1)
				_exit(1);
		}
		_exit(0);
	}
	for (p = 0; p < 2; p++)
		CHECK(waitpid(pid[p], &st, 0) == pid[p] && WIFEXITED(st) &&
		      !WEXITSTATUS(st), "writer %d failed", p);
	for (p = 0; p < 2; p++)
		for (i = 0; i < 40; i++) {
			snprintf(w, sizeof(w), "3600a0b8000%d%04d", p, i);
			if (prkeys_get(file, w, &k, err, sizeof(err)) ||
			    k != (uint64_t)(p * 100 + i + 1))
				ok = 0;
		}
	CHECK(ok, "a key lost between two writers: %s", slurp(file));
	fakefs_remove(dir);
}

/* ---- mpath2ctl persist under the config ----------------------------- */

struct run {
	int status;
	char *out, *err;
};

static char conf_path[sizeof(dir) + 16];

static void run_cli(struct run *r, const char *const *args)
{
	char *argv[16] = { "mpath2ctl" };
	size_t outlen = 0, errlen = 0;
	struct cli_ctl ctl = { 0 };
	int argc = 1;

	while (args[argc - 1] && argc < 15) {
		argv[argc] = (char *)args[argc - 1];
		argc++;
	}
	ctl.out = open_memstream(&r->out, &outlen);
	ctl.err = open_memstream(&r->err, &errlen);
	ctl.sysfs = fake_sysfs;
	ctl.config = conf_path;
	ctl.prkeys = file;
	CHECK(ctl.out && ctl.err, "open_memstream failed");
	r->status = cli_main(argc, argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
}

#define RUN(r, ...)							\
	do {								\
		static const char *const args_[] = { __VA_ARGS__, NULL }; \
		run_cli(r, args_);					\
	} while (0)

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static void config(const char *text)
{
	snprintf(conf_path, sizeof(conf_path), "%s/mpath2.conf", dir);
	CHECK(fakefs_puts(dir, "mpath2.conf", text) == 0, "cannot write config");
}

static int sent(void)
{
	int i, n = 0;

	for (i = 0; i < FAKE_PR_NEXUS; i++)
		n += fake_pr.nexus[i].calls;
	return n;
}

static void persist_keeps_file(void **state)
{
	char err[ERRLEN];
	struct run r;
	uint64_t k;

	(void)state;
	tmp_setup();
	config("multipaths {\n\tmultipath {\n\t\twwid " WWID_A "\n"
	       "\t\treservation_key file\n\t}\n}\n");
	/* mpatha: sdc usable, sdb failed; its WWID from their pages. */
	RUN(&r, "persist", "mpatha", "--register", "0x5eed");
	CHECK(r.status == 0, "exit %d: %s", r.status, r.err);
	CHECK(strstr(r.out, "prkeys: 0x5eed for " WWID_A " in "), "out: %s", r.out);
	CHECK(prkeys_get(file, WWID_A, &k, err, sizeof(err)) == 0 && k == 0x5eed,
	      "file key 0x%llx", (unsigned long long)k);
	run_free(&r);
	/* The daemon reads the same key from the same file. */
	{
		struct mpath2_conf *conf = config_load(conf_path, stderr);

		prkey_file = file;
		CHECK(conf && prkey_for(conf, WWID_A, NULL, NULL) == 0x5eed,
		      "the daemon does not see the key");
		prkey_file = PRKEY_FILE;
		config_free(conf);
	}
	RUN(&r, "persist", "mpatha", "--unregister");
	CHECK(r.status == 0 && strstr(r.out, "taken out of the file"),
	      "exit %d: %s%s", r.status, r.out, r.err);
	CHECK(prkeys_get(file, WWID_A, &k, err, sizeof(err)) == 0 && k == 0,
	      "key left after unregister");
	run_free(&r);
	/* A registration that fails on a usable path writes no key. */
	fake_pr.nexus[1].force = PR_NO_ANSWER;
	RUN(&r, "persist", "mpatha", "--register", "0x5eed");
	CHECK(r.status == 1 && strstr(r.out, "not changed"), "out: %s", r.out);
	CHECK(prkeys_get(file, WWID_A, &k, err, sizeof(err)) == 0 && k == 0,
	      "a key kept for a failed registration");
	run_free(&r);
	fakefs_remove(dir);
}

static void persist_config_key(void **state)
{
	struct run r;

	(void)state;
	tmp_setup();
	/* A key in the config: another one is refused, nothing sent. */
	config("defaults {\n\treservation_key 0x1a2b\n}\n");
	RUN(&r, "persist", "mpatha", "--register", "0x99");
	CHECK(r.status == 1 && strstr(r.err, "reservation_key for this map is"
					     " 0x1a2b"), "err: %s", r.err);
	CHECK(!sent(), "a refused register sent something");
	run_free(&r);
	RUN(&r, "persist", "mpatha", "--register", "0x1a2b");
	CHECK(r.status == 0 && fake_pr.nexus[1].key == 0x1a2b, "err: %s", r.err);
	CHECK(access(file, F_OK), "a prkeys file without reservation_key file");
	run_free(&r);
	/* "file" on a map whose paths name two LUNs: refused, nothing sent. */
	fake_pr_reset();
	config("defaults {\n\treservation_key file\n}\n");
	RUN(&r, "persist", "alua0", "--register", "0x7");
	CHECK(r.status == 1 && strstr(r.err, "needs the map's WWID"),
	      "err: %s", r.err);
	CHECK(!sent() && access(file, F_OK), "sent or wrote something");
	run_free(&r);
	fakefs_remove(dir);
}

/* reservation_key at the device level: the paths' vendor and product. */
static void device_level_key(void **state)
{
	static const char text[] =
		"defaults {\n\treservation_key 0x1\n}\n"
		"devices {\n\tdevice {\n\t\tvendor \"LIO-ORG\"\n"
		"\t\tproduct \"blk\"\n\t\treservation_key 0xd0d\n\t}\n}\n";
	struct mpath2_conf *conf;
	char p[512];
	struct run r;

	(void)state;
	tmp_setup();
	conf = config_parse("t.conf", text, strlen(text), NULL);
	CHECK(conf, "config refused");
	CHECK(prkey_for(conf, WWID_A, "LIO-ORG", "blk") == 0xd0d,
	      "device key not used by the daemon");
	CHECK(prkey_for(conf, WWID_A, "OTHER", "blk") == 0x1 &&
	      prkey_for(conf, WWID_A, NULL, NULL) == 0x1, "defaults' key lost");
	config_free(conf);
	config(text);
	fakefs_puts(fake_sysfs, SDB_DEV "vendor", "LIO-ORG \n");
	fakefs_puts(fake_sysfs, SDB_DEV "model", "blk             \n");
	fakefs_puts(fake_sysfs, SDC_DEV "vendor", "LIO-ORG \n");
	fakefs_puts(fake_sysfs, SDC_DEV "model", "blk             \n");
	RUN(&r, "persist", "mpatha", "--register", "0x1");
	CHECK(r.status == 1 && strstr(r.err, "is 0xd0d"), "err: %s", r.err);
	run_free(&r);
	RUN(&r, "persist", "mpatha", "--register", "0xd0d");
	CHECK(r.status == 0, "err: %s", r.err);
	run_free(&r);
	snprintf(p, sizeof(p), "%s/" SDB_DEV "vendor", fake_sysfs);
	unlink(p);
	snprintf(p, sizeof(p), "%s/" SDB_DEV "model", fake_sysfs);
	unlink(p);
	snprintf(p, sizeof(p), "%s/" SDC_DEV "vendor", fake_sysfs);
	unlink(p);
	snprintf(p, sizeof(p), "%s/" SDC_DEV "model", fake_sysfs);
	unlink(p);
	fakefs_remove(dir);
}

void prkeys_tests(void)
{
	unit_case("tools/prkeys/set_get_remove", set_get_remove, NULL);
	unit_case("tools/prkeys/foreign_and_bad_files", foreign_and_bad_files,
		  NULL);
	unit_case("tools/prkeys/writers_lose_nothing", writers_lose_nothing, NULL);
	unit_case("tools/prkeys/persist_keeps_file", persist_keeps_file, NULL);
	unit_case("tools/prkeys/persist_config_key", persist_config_key, NULL);
	unit_case("tools/prkeys/device_level_key", device_level_key, NULL);
}
