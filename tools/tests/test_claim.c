// SPDX-License-Identifier: GPL-2.0-only
/*
 * Claiming paths (issue 17): claim.c's decision for every
 * find_multipaths mode, the wwids file (parse, add and remove under its
 * lock, a bad file never rewritten), claim_disk() and `mpath2ctl
 * is-path` over a fake sysfs each case builds, smart's stamps, and the
 * daemon making maps for claimed disks (hotplug.c) against a pretend
 * kernel that starts with no map:
 *
 *   sdb 8:16, sdc 8:32   LUN A (NAA 16 bytes), two paths
 *   sdd 8:48             LUN B (EUI-64), alone
 *   sde 8:64             LUN C (NAA 8 bytes), alone; dm-0 is its map
 *                        (uuid mpath2-<C>) in the "map" cases
 *   sdf 8:80             no VPD page 0x83: no WWID
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "conf/config.h"
#include "daemon/hotplug.h"
#include "daemon/monitor.h"
#include "fake_udev.h"
#include "fakefs.h"
#include "lib/claim.h"
#include "lib/mpdm.h"
#include "lib/wwids.h"
#include "unit.h"

#define WWID_A	"36001405a1b2c3d4e5f60718293a4b5c6"
#define WWID_B	"20025385a71b001ff"
#define WWID_C	"3500a098000001234"

static const unsigned char page_a[] = { 0x00, 0x83, 0x00, 0x14,
	0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, 0x3d, 0x4e,
	0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6 };
static const unsigned char page_b[] = { 0x00, 0x83, 0x00, 0x0c,
	0x01, 0x02, 0x00, 0x08, 0x00, 0x25, 0x38, 0x5a, 0x71, 0xb0, 0x01, 0xff };
static const unsigned char page_c[] = { 0x00, 0x83, 0x00, 0x0c,
	0x01, 0x03, 0x00, 0x08, 0x50, 0x0a, 0x09, 0x80, 0x00, 0x00, 0x12, 0x34 };

static const struct {
	const char *name, *dev;
	const unsigned char *page;
	size_t len;
} disks[] = {
	{ "sdb", "8:16", page_a, sizeof(page_a) },
	{ "sdc", "8:32", page_a, sizeof(page_a) },
	{ "sdd", "8:48", page_b, sizeof(page_b) },
	{ "sde", "8:64", page_c, sizeof(page_c) },
	{ "sdf", "8:80", NULL, 0 },
};

/* One case's world: sysfs, a wwids file, a stamps dir, and a log. */
struct world {
	char root[64];
	char sysfs[128], wwids[128], stamps[128], bindings[128];
	char *log;
	size_t loglen;
	FILE *logf;
};

static int put_disk(const char *root, size_t i)
{
	static const char *const files[][2] = {
		{ "size", "2097152\n" },
		{ "queue/logical_block_size", "512\n" },
		{ "device/vendor", "LIO-ORG \n" },
		{ "device/model", "disk            \n" },
		{ "uevent", "" },
	};
	char rel[128], target[64];
	size_t k;

	snprintf(rel, sizeof(rel), "sys/block/%s/dev", disks[i].name);
	if (fakefs_puts(root, rel, disks[i].dev))
		return -1;
	snprintf(rel, sizeof(rel), "sys/dev/block/%s", disks[i].dev);
	snprintf(target, sizeof(target), "../../block/%s", disks[i].name);
	if (fakefs_link(root, rel, target))
		return -1;
	for (k = 0; k < ARRAY_SIZE(files); k++) {
		snprintf(rel, sizeof(rel), "sys/block/%s/%s", disks[i].name,
			 files[k][0]);
		if (fakefs_puts(root, rel, files[k][1]))
			return -1;
	}
	snprintf(rel, sizeof(rel), "sys/block/%s/device/vpd_pg83",
		 disks[i].name);
	return disks[i].page ? fakefs_write(root, rel, disks[i].page,
					    disks[i].len) : 0;
}

/* The world with the disks named in @which ("bcdef"), no map. */
static int make_world(struct world *w, const char *which)
{
	size_t i;

	memset(w, 0, sizeof(*w));
	snprintf(w->root, sizeof(w->root), "/tmp/mpath2ctl-claim.XXXXXX");
	if (fakefs_new(w->root))
		return -1;
	snprintf(w->sysfs, sizeof(w->sysfs), "%s/sys", w->root);
	snprintf(w->wwids, sizeof(w->wwids), "%s/etc/wwids", w->root);
	snprintf(w->stamps, sizeof(w->stamps), "%s/run/fm", w->root);
	snprintf(w->bindings, sizeof(w->bindings), "%s/etc/bindings", w->root);
	if (fakefs_mkdir(w->root, "sys/block"))
		return -1;
	for (i = 0; i < ARRAY_SIZE(disks); i++)
		if (strchr(which, disks[i].name[2]) && put_disk(w->root, i))
			return -1;
	w->logf = open_memstream(&w->log, &w->loglen);
	return w->logf ? 0 : -1;
}

static void end_world(struct world *w)
{
	if (w->logf)
		fclose(w->logf);
	free(w->log);
	fakefs_remove(w->root);
}

static int add_map_c(struct world *w)
{
	return fakefs_puts(w->root, "sys/block/dm-0/dm/uuid",
			   "mpath2-" WWID_C "\n");
}

static struct mpath2_conf *conf_of_msgs(const char *text, FILE *msgs)
{
	return config_parse("t.conf", text, strlen(text), msgs);
}

static char *slurp(const char *path)
{
	static char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static struct mpath2_conf *conf_of(const char *text)
{
	return config_parse("t.conf", text, strlen(text), NULL);
}

/* --- claim_decide(): every mode -------------------------------------------- */

struct decide_case {
	const char *name;
	struct claim_facts f;
	enum claim_answer want;
};

#define F(m, ...) { .mode = m, .has_wwid = 1, .timeout_s = 10, __VA_ARGS__ }

static const struct decide_case decide_cases[] = {
	{ "no_wwid", { .mode = FIND_GREEDY }, CLAIM_NO_WWID },
	{ "blacklisted_beats_map", F(FIND_GREEDY, .blacklisted = 1, .has_map = 1,
				     .in_wwids = 1), CLAIM_BLACKLISTED },
	{ "map_strict", F(FIND_STRICT, .has_map = 1), CLAIM_MAP },
	{ "wwids_strict", F(FIND_STRICT, .in_wwids = 1), CLAIM_WWIDS },
	{ "strict_two_paths", F(FIND_STRICT, .siblings = 1), CLAIM_NO },
	{ "yes_alone", F(FIND_YES), CLAIM_NO },
	{ "yes_two_paths", F(FIND_YES, .siblings = 1), CLAIM_SIBLING },
	{ "yes_wwids_alone", F(FIND_YES, .in_wwids = 1), CLAIM_WWIDS },
	{ "greedy_alone", F(FIND_GREEDY), CLAIM_GREEDY },
	{ "smart_new", F(FIND_SMART, .waited_s = 0), CLAIM_WAIT },
	{ "smart_almost", F(FIND_SMART, .waited_s = 9), CLAIM_WAIT },
	{ "smart_timed_out", F(FIND_SMART, .waited_s = 10), CLAIM_RELEASED },
	{ "smart_second_path", F(FIND_SMART, .waited_s = 99, .siblings = 1),
	  CLAIM_SIBLING },
	{ "smart_wwids", F(FIND_SMART, .waited_s = 99, .in_wwids = 1),
	  CLAIM_WWIDS },
	{ "in_use_beats_wwids", F(FIND_GREEDY, .in_use = 1, .in_wwids = 1),
	  CLAIM_IN_USE },
	{ "map_beats_in_use", F(FIND_STRICT, .has_map = 1, .in_use = 1),
	  CLAIM_MAP },
};

static void decide_case(void **state)
{
	const struct decide_case *c = *state;
	enum claim_answer a = claim_decide(&c->f);

	CHECK(a == c->want, "%s, want %s", claim_name(a), claim_name(c->want));
	CHECK(claim_is_path(a) == (a >= CLAIM_MAP), "is_path");
}

/* --- the wwids file ---------------------------------------------------------- */

static void wwids_parsing(void **state)
{
	struct wwids ws;
	char err[256] = "";

	(void)state;
	CHECK(!wwids_parse("# c\n" WWID_A "\n\n  " WWID_B "  # x\n" WWID_A "\n",
			   &ws, err, sizeof(err)), "refused: %s", err);
	CHECK(ws.nr == 2 && wwids_has(&ws, WWID_A) && wwids_has(&ws, WWID_B) &&
	      !wwids_has(&ws, WWID_C), "nr %zu", ws.nr);
	wwids_free(&ws);
	CHECK(wwids_parse(WWID_A "\n/" WWID_B "/\n", &ws, err, sizeof(err)) &&
	      !strcmp(err, "line 2: '/" WWID_B "/' is not a WWID") && !ws.nr,
	      "err '%s'", err);
	CHECK(wwids_parse(WWID_A " " WWID_B "\n", &ws, err, sizeof(err)) &&
	      !strcmp(err, "line 1: more than one word"), "err '%s'", err);
}

static void wwids_file(void **state)
{
	struct world w;
	struct wwids ws;
	char err[256] = "", *text;
	struct stat st;

	(void)state;
	CHECK(!make_world(&w, ""), "setup");
	/* A missing file lists nothing; removing from it makes none. */
	CHECK(!wwids_load(w.wwids, &ws, err, sizeof(err)) && !ws.nr, "%s", err);
	CHECK(wwids_remove(w.wwids, WWID_A, err, sizeof(err)) == 0 &&
	      stat(w.wwids, &st), "remove made a file");
	CHECK(wwids_add(w.wwids, WWID_A, err, sizeof(err)) == 1, "%s", err);
	CHECK(wwids_add(w.wwids, WWID_B, err, sizeof(err)) == 1, "%s", err);
	CHECK(wwids_add(w.wwids, WWID_A, err, sizeof(err)) == 0, "added twice");
	CHECK(wwids_add(w.wwids, WWID_C, err, sizeof(err)) == 1, "%s", err);
	CHECK(wwids_remove(w.wwids, WWID_A, err, sizeof(err)) == 1, "%s", err);
	CHECK(wwids_remove(w.wwids, WWID_A, err, sizeof(err)) == 0, "twice");
	text = slurp(w.wwids);
	CHECK(text && text[0] == '#' && strstr(text, "\n" WWID_B "\n"
					       WWID_C "\n") &&
	      !strstr(text, WWID_A), "file '%s'", text ? text : "(none)");
	CHECK(!wwids_load(w.wwids, &ws, err, sizeof(err)) && ws.nr == 2,
	      "%s", err);
	wwids_free(&ws);
	/* Not a WWID: refused, the file as it was. */
	CHECK(wwids_add(w.wwids, "x y", err, sizeof(err)) == -1 &&
	      !strcmp(err, "'x y' is not a WWID"), "err '%s'", err);
	/* A file that does not parse is never rewritten. */
	CHECK(!fakefs_puts(w.root, "etc/wwids", WWID_A "\nnonsense\n"), "setup");
	CHECK(wwids_add(w.wwids, WWID_B, err, sizeof(err)) == -1 &&
	      strstr(err, "line 2: 'nonsense' is not a WWID"), "err '%s'", err);
	CHECK(wwids_remove(w.wwids, WWID_A, err, sizeof(err)) == -1, "removed");
	text = slurp(w.wwids);
	CHECK(text && !strcmp(text, WWID_A "\nnonsense\n"), "rewritten '%s'",
	      text ? text : "(none)");
	/* No temporary file left beside it. */
	CHECK(access(w.wwids, F_OK) == 0, "gone");
	end_world(&w);
}

/* --- claim_disk() and is-path over a fake sysfs ----------------------------- */

struct disk_case {
	const char *name;
	const char *disks;	/* which of bcdef exist */
	const char *conf;	/* NULL: the defaults (strict) */
	const char *wwids;	/* the wwids file; NULL: none */
	int map_c;		/* dm-0 is LUN C's map */
	const char *disk;
	enum claim_answer want;
};

#define FM(mode)	"defaults {\n\tfind_multipaths " mode "\n}\n"

static const struct disk_case disk_cases[] = {
	{ "strict_two_paths", "bcd", NULL, NULL, 0, "sdb", CLAIM_NO },
	{ "strict_wwids", "bcd", NULL, WWID_A "\n", 0, "sdb", CLAIM_WWIDS },
	{ "strict_map", "bcde", NULL, NULL, 1, "sde", CLAIM_MAP },
	{ "yes_two_paths", "bcd", FM("yes"), NULL, 0, "sdc", CLAIM_SIBLING },
	{ "yes_alone", "bcd", FM("yes"), NULL, 0, "sdd", CLAIM_NO },
	{ "yes_sibling_gone", "bd", FM("yes"), NULL, 0, "sdb", CLAIM_NO },
	{ "yes_wwids_alone", "bd", FM("yes"), WWID_B "\n", 0, "sdd",
	  CLAIM_WWIDS },
	{ "greedy_alone", "d", FM("greedy"), NULL, 0, "sdd", CLAIM_GREEDY },
	{ "greedy_no_wwid", "f", FM("greedy"), NULL, 0, "sdf", CLAIM_NO_WWID },
	{ "greedy_blacklisted", "d", "defaults {\n\tfind_multipaths greedy\n}\n"
	  "blacklist {\n\twwid \"^2002\"\n}\n", WWID_B "\n", 0, "sdd",
	  CLAIM_BLACKLISTED },
	/* A blacklisted second path is no second path. */
	{ "yes_sibling_blacklisted", "bc", "defaults {\n\tfind_multipaths yes\n"
	  "}\nblacklist {\n\tdevnode \"^sdc$\"\n}\n", NULL, 0, "sdb",
	  CLAIM_NO },
	{ "smart_alone_waits", "d", FM("smart"), NULL, 0, "sdd", CLAIM_WAIT },
	{ "smart_two_paths", "bc", FM("smart"), NULL, 0, "sdb", CLAIM_SIBLING },
};

static void disk_case(void **state)
{
	const struct disk_case *c = *state;
	struct mpath2_conf *conf = c->conf ? conf_of(c->conf) : config_default();
	struct wwids ws = { NULL, 0 };
	struct claim_result res;
	char err[256] = "";
	struct world w;

	CHECK(conf && !make_world(&w, c->disks), "setup");
	CHECK(!c->map_c || !add_map_c(&w), "setup map");
	CHECK(!c->wwids || !wwids_parse(c->wwids, &ws, err, sizeof(err)),
	      "wwids: %s", err);
	CHECK(!claim_disk(w.sysfs, conf, &ws, w.stamps, c->disk, 1000, &res, err,
			  sizeof(err)), "failed: %s", err);
	CHECK(res.answer == c->want, "%s, want %s", claim_name(res.answer),
	      claim_name(c->want));
	CHECK(c->want == CLAIM_NO_WWID || !strcmp(res.wwid,
		!strcmp(c->disk, "sdd") ? WWID_B : !strcmp(c->disk, "sde") ?
		WWID_C : WWID_A), "wwid '%s'", res.wwid);
	wwids_free(&ws);
	config_free(conf);
	end_world(&w);
}

/* smart: held from the first question for the timeout, then released. */
static void smart_stamps(void **state)
{
	struct mpath2_conf *conf = conf_of("defaults {\n\tfind_multipaths smart\n"
					   "\tfind_multipaths_timeout 5\n}\n");
	struct claim_result res;
	char err[256] = "", stamp[256], *text;
	struct world w;

	(void)state;
	CHECK(conf && !make_world(&w, "bd"), "setup");
	CHECK(!claim_disk(w.sysfs, conf, NULL, w.stamps, "sdd", 1000, &res, err,
			  sizeof(err)) && res.answer == CLAIM_WAIT &&
	      res.wait_left_s == 5, "first: %s %d", claim_name(res.answer),
	      res.wait_left_s);
	snprintf(stamp, sizeof(stamp), "%s/8:48", w.stamps);
	text = slurp(stamp);
	CHECK(text && !strcmp(text, "1000\n"), "stamp '%s'", text ? text : "");
	/* Asked again later: the first time stands. */
	CHECK(!claim_disk(w.sysfs, conf, NULL, w.stamps, "sdd", 1003, &res, err,
			  sizeof(err)) && res.answer == CLAIM_WAIT &&
	      res.wait_left_s == 2, "again: %s %d", claim_name(res.answer),
	      res.wait_left_s);
	CHECK(!claim_disk(w.sysfs, conf, NULL, w.stamps, "sdd", 1005, &res, err,
			  sizeof(err)) && res.answer == CLAIM_RELEASED, "late: %s",
	      claim_name(res.answer));
	/* Forgotten (the disk left): a new wait. */
	claim_forget(w.stamps, 8, 48);
	CHECK(!claim_disk(w.sysfs, conf, NULL, w.stamps, "sdd", 2000, &res, err,
			  sizeof(err)) && res.answer == CLAIM_WAIT, "new: %s",
	      claim_name(res.answer));
	/* A stamp that is not a time (or from the future): released. */
	CHECK(!fakefs_puts(w.root, "run/fm/8:48", "soon\n"), "setup");
	CHECK(!claim_disk(w.sysfs, conf, NULL, w.stamps, "sdd", 2001, &res, err,
			  sizeof(err)) && res.answer == CLAIM_RELEASED, "junk: %s",
	      claim_name(res.answer));
	/* No stamps kept at all: a lone disk is not held. */
	CHECK(!claim_disk(w.sysfs, conf, NULL, NULL, "sdb", 1, &res, err,
			  sizeof(err)) && res.answer == CLAIM_RELEASED, "none: %s",
	      claim_name(res.answer));
	/* Not a disk of ours. */
	CHECK(claim_disk(w.sysfs, conf, NULL, w.stamps, "sdz", 1, &res, err,
			 sizeof(err)) && strstr(err, "sdz: no such disk"), "err %s",
	      err);
	CHECK(claim_disk(w.sysfs, conf, NULL, w.stamps, "sdb1", 1, &res, err,
			 sizeof(err)) && strstr(err, "not a SCSI disk"), "err %s",
	      err);
	config_free(conf);
	end_world(&w);
}

/*
 * A disk in use is never claimed, greedy or listed: a partition held
 * (md), mounted or swap; the host's own disk must stay systemd's.
 */
static void in_use(void **state)
{
	struct mpath2_conf *conf = conf_of(FM("greedy"));
	struct wwids ws = { NULL, 0 };
	struct claim_result res;
	char err[256] = "";
	struct world w;

	(void)state;
	CHECK(conf && !make_world(&w, "bcd"), "setup");
	CHECK(!wwids_parse(WWID_B "\n", &ws, err, sizeof(err)), "%s", err);
	CHECK(!fakefs_puts(w.root, "sys/block/sdd/sdd1/dev", "8:49\n"), "sdd1");
	CHECK(!claim_disk(w.sysfs, conf, &ws, w.stamps, "sdd", 1, &res, err,
			  sizeof(err)) && res.answer == CLAIM_WWIDS, "free: %s",
	      claim_name(res.answer));
	/* Mounted: /proc/self/mountinfo beside the fake sysfs. */
	CHECK(!fakefs_puts(w.root, "proc/self/mountinfo",
			   "22 27 0:21 / /proc rw - proc proc rw\n"
			   "36 27 8:49 / /boot rw,relatime - ext4 /dev/sdd1 rw\n"),
	      "mountinfo");
	CHECK(!claim_disk(w.sysfs, conf, &ws, w.stamps, "sdd", 1, &res, err,
			  sizeof(err)) && res.answer == CLAIM_IN_USE &&
	      !strcmp(res.why, "8:49 is mounted on /boot"), "mounted: %s '%s'",
	      claim_name(res.answer), res.why);
	/* 8:4 is not 8:49, nor 8:48 (the disk) mounted. */
	CHECK(!fakefs_puts(w.root, "proc/self/mountinfo",
			   "36 27 8:4 / /boot rw - ext4 /dev/sda4 rw\n"), "mi");
	CHECK(!claim_disk(w.sysfs, conf, NULL, w.stamps, "sdd", 1, &res, err,
			  sizeof(err)) && res.answer == CLAIM_GREEDY, "8:4: %s '%s'",
	      claim_name(res.answer), res.why);
	CHECK(!fakefs_puts(w.root, "proc/swaps", "Filename\tType\tSize\n"
			   "/dev/sdd1 partition 1024 0 -2\n"), "swaps");
	CHECK(!claim_disk(w.sysfs, conf, NULL, w.stamps, "sdd", 1, &res, err,
			  sizeof(err)) && res.answer == CLAIM_IN_USE &&
	      !strcmp(res.why, "/dev/sdd1 is a swap area"), "swap: %s '%s'",
	      claim_name(res.answer), res.why);
	CHECK(!fakefs_puts(w.root, "proc/swaps", "Filename\n"), "swaps");
	/* A partition held by md; then the disk itself by LVM. */
	CHECK(!fakefs_mkdir(w.root, "sys/block/sdd/sdd1/holders/md0"), "md0");
	CHECK(!claim_disk(w.sysfs, conf, &ws, w.stamps, "sdd", 1, &res, err,
			  sizeof(err)) && res.answer == CLAIM_IN_USE &&
	      !strcmp(res.why, "sdd1 is held by md0"), "md: %s '%s'",
	      claim_name(res.answer), res.why);
	CHECK(!fakefs_mkdir(w.root, "sys/block/sdb/holders/dm-3"), "dm-3");
	CHECK(!claim_disk(w.sysfs, conf, NULL, w.stamps, "sdb", 1, &res, err,
			  sizeof(err)) && res.answer == CLAIM_IN_USE &&
	      !strcmp(res.why, "sdb is held by dm-3"), "dm: %s '%s'",
	      claim_name(res.answer), res.why);
	/* Its own mpath2 map holds it: a path. */
	CHECK(!fakefs_puts(w.root, "sys/block/dm-3/dm/uuid", "mpath2-" WWID_A "\n"),
	      "uuid");
	CHECK(!claim_disk(w.sysfs, conf, NULL, w.stamps, "sdb", 1, &res, err,
			  sizeof(err)) && res.answer == CLAIM_MAP, "map: %s",
	      claim_name(res.answer));
	wwids_free(&ws);
	config_free(conf);
	end_world(&w);
}

/* Run mpath2ctl @argv through cli_main(); its output in @out, @errs. */
static int run_cli(struct world *w, const char *config, const char *const *argv,
		   char *out, size_t outlen, char *errs, size_t errlen)
{
	char *o = NULL, *e = NULL, *args[16];
	size_t ol = 0, el = 0;
	struct cli_ctl ctl = { 0 };
	int argc = 0, r;

	args[argc++] = "mpath2ctl";
	while (*argv && argc < 15)
		args[argc++] = (char *)*argv++;
	args[argc] = NULL;
	ctl.out = open_memstream(&o, &ol);
	ctl.err = open_memstream(&e, &el);
	ctl.sysfs = w->sysfs;
	ctl.config = config;
	ctl.wwids = w->wwids;
	ctl.stamps = w->stamps;
	r = cli_main(argc, args, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	snprintf(out, outlen, "%s", o ? o : "");
	snprintf(errs, errlen, "%s", e ? e : "");
	free(o);
	free(e);
	return r;
}

static void is_path_cli(void **state)
{
	char out[512], errs[512], conf[256];
	struct world w;

	(void)state;
	CHECK(!make_world(&w, "bcdf"), "setup");
	snprintf(conf, sizeof(conf), "%s/mpath2.conf", w.root);
	CHECK(!fakefs_puts(w.root, "mpath2.conf", FM("yes")), "setup conf");
	CHECK(run_cli(&w, conf, (const char *const[]){ "is-path", "sdb", NULL },
		      out, sizeof(out), errs, sizeof(errs)) == 0 &&
	      !strcmp(out, "DM_MULTIPATH_DEVICE_PATH=1\nMPATH2_CLAIM=sibling\n"
		      "MPATH2_WWID=" WWID_A "\n") && !errs[0], "sdb: '%s' '%s'",
	      out, errs);
	CHECK(run_cli(&w, conf, (const char *const[]){ "is-path", "8:48", NULL },
		      out, sizeof(out), errs, sizeof(errs)) == 1 &&
	      !strcmp(out, "DM_MULTIPATH_DEVICE_PATH=0\nMPATH2_CLAIM=no\n"
		      "MPATH2_WWID=" WWID_B "\n"), "sdd: '%s' '%s'", out, errs);
	CHECK(run_cli(&w, conf, (const char *const[]){ "-v", "is-path", "sdf",
		      NULL }, out, sizeof(out), errs, sizeof(errs)) == 1 &&
	      !strcmp(out, "DM_MULTIPATH_DEVICE_PATH=0\nMPATH2_CLAIM=no-wwid\n")
	      && strstr(errs, "sdf: not a path (no-wwid"), "sdf: '%s' '%s'",
	      out, errs);
	/* The wwids file makes a lone disk a path; --wwids elsewhere. */
	CHECK(!fakefs_puts(w.root, "other", WWID_B "\n"), "setup wwids");
	snprintf(conf + strlen(w.root), sizeof(conf) - strlen(w.root), "/other");
	CHECK(run_cli(&w, NULL, (const char *const[]){ "is-path", "--wwids",
		      conf, "sdd", NULL }, out, sizeof(out), errs,
		      sizeof(errs)) == 0 && strstr(out, "MPATH2_CLAIM=wwids\n"),
	      "wwids: '%s' '%s'", out, errs);
	/* smart: held, and how long for. */
	CHECK(!fakefs_puts(w.root, "smart.conf", FM("smart")), "setup smart");
	snprintf(conf + strlen(w.root), sizeof(conf) - strlen(w.root),
		 "/smart.conf");
	CHECK(run_cli(&w, conf, (const char *const[]){ "is-path", "sdd", NULL },
		      out, sizeof(out), errs, sizeof(errs)) == 0 &&
	      strstr(out, "MPATH2_CLAIM=wait\n") &&
	      strstr(out, "MPATH2_WAIT_SECS=10\n"), "smart: '%s' '%s'", out,
	      errs);
	/* Refusals: nothing on stdout, the reason on stderr. */
	CHECK(run_cli(&w, NULL, (const char *const[]){ "is-path", "sdz", NULL },
		      out, sizeof(out), errs, sizeof(errs)) == 1 && !out[0] &&
	      strstr(errs, "sdz: no such disk"), "sdz: '%s' '%s'", out, errs);
	CHECK(run_cli(&w, NULL, (const char *const[]){ "is-path", "--wwids",
		      "rel", "sdb", NULL }, out, sizeof(out), errs,
		      sizeof(errs)) == 1 && !out[0] &&
	      strstr(errs, "--wwids needs an absolute path"), "rel: '%s'", errs);
	CHECK(run_cli(&w, NULL, (const char *const[]){ "is-path", "--x", "sdb",
		      NULL }, out, sizeof(out), errs, sizeof(errs)) == 1 &&
	      strstr(errs, "unknown option '--x'"), "opt: '%s'", errs);
	CHECK(run_cli(&w, NULL, (const char *const[]){ "is-path", "sdb", "sdc",
		      NULL }, out, sizeof(out), errs, sizeof(errs)) == 1 &&
	      strstr(errs, "usage: mpath2ctl is-path"), "two: '%s'", errs);
	CHECK(!fakefs_puts(w.root, "etc/wwids", "junk\n"), "setup junk");
	CHECK(run_cli(&w, NULL, (const char *const[]){ "is-path", "sdb", NULL },
		      out, sizeof(out), errs, sizeof(errs)) == 1 && !out[0] &&
	      strstr(errs, "line 1: 'junk' is not a WWID"), "junk: '%s'", errs);
	end_world(&w);
}

/* discover and create add the LUN's WWID; remove takes it out. */
static void cli_keeps_wwids(void **state)
{
	char out[1024], errs[512], err[256], *text;
	struct wwids ws;
	struct world w;

	(void)state;
	CHECK(!make_world(&w, "bcd"), "setup");
	CHECK(run_cli(&w, NULL, (const char *const[]){ "discover", "--dry-run",
		      "--sysfs", w.sysfs, NULL }, out, sizeof(out), errs,
		      sizeof(errs)) == 0 && access(w.wwids, F_OK),
	      "dry run wrote: '%s' '%s'", out, errs);
	/* A real discover lists udev's disks (fake_udev.c): the world's. */
	fake_udev_devs = (const struct fake_udev_dev[]){ { "sdb", "disk", 1 },
		{ "sdc", "disk", 1 }, { "sdd", "disk", 1 } };
	fake_udev_nr = 3;
	CHECK(run_cli(&w, NULL, (const char *const[]){ "discover", NULL }, out,
		      sizeof(out), errs, sizeof(errs)) == 0,
	      "discover: '%s' '%s'", out, errs);
	CHECK(!wwids_load(w.wwids, &ws, err, sizeof(err)) && ws.nr == 1 &&
	      wwids_has(&ws, WWID_A), "after discover: %s", err);
	wwids_free(&ws);
	/* create over paths that show a WWID: that WWID. */
	CHECK(wwids_remove(w.wwids, WWID_A, err, sizeof(err)) == 1, "%s", err);
	CHECK(run_cli(&w, NULL, (const char *const[]){ "create", "data", "8:16",
		      "8:32", NULL }, out, sizeof(out), errs, sizeof(errs)) == 0,
	      "create: '%s' '%s'", out, errs);
	CHECK(!wwids_load(w.wwids, &ws, err, sizeof(err)) && ws.nr == 1 &&
	      wwids_has(&ws, WWID_A), "after create: %s", err);
	wwids_free(&ws);
	/* remove: lunc's uuid is mpath2-<C>; mpatha's names no WWID. */
	CHECK(wwids_add(w.wwids, WWID_C, err, sizeof(err)) == 1, "%s", err);
	CHECK(run_cli(&w, NULL, (const char *const[]){ "remove", "lunc", NULL },
		      out, sizeof(out), errs, sizeof(errs)) == 0, "remove: '%s'",
	      errs);
	CHECK(run_cli(&w, NULL, (const char *const[]){ "remove", "mpatha", NULL },
		      out, sizeof(out), errs, sizeof(errs)) == 0, "remove: '%s'",
	      errs);
	text = slurp(w.wwids);
	CHECK(text && strstr(text, WWID_A "\n") && !strstr(text, WWID_C),
	      "after remove '%s'", text ? text : "");
	/* A wwids file that does not parse: create says so, exit 1. */
	CHECK(!fakefs_puts(w.root, "etc/wwids", "junk\n"), "setup");
	CHECK(run_cli(&w, NULL, (const char *const[]){ "create", "data", "8:16",
		      "8:32", NULL }, out, sizeof(out), errs, sizeof(errs)) == 1 &&
	      strstr(errs, "data: created, but ") &&
	      strstr(errs, "line 1: 'junk' is not a WWID"), "junk: '%s'", errs);
	end_world(&w);
}

static void config_keywords(void **state)
{
	struct mpath2_conf *c;
	char *msgs = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	c = conf_of("defaults {\n\tfind_multipaths greedy\n"
		    "\tfind_multipaths_timeout 30\n}\n");
	CHECK(c && config_defaults(c)->find_multipaths == FIND_GREEDY &&
	      config_defaults(c)->find_multipaths_timeout == 30, "greedy 30");
	config_free(c);
	c = config_default();
	CHECK(c && config_defaults(c)->find_multipaths == FIND_STRICT &&
	      config_defaults(c)->find_multipaths_timeout == 10, "defaults");
	config_free(c);
	/* A bad value is named; it never becomes a mode. */
	f = open_memstream(&msgs, &n);
	c = conf_of_msgs(FM("maybe"), f);
	fclose(f);
	CHECK(msgs && strstr(msgs, "t.conf:2:") &&
	      strstr(msgs, "find_multipaths 'maybe': not strict, yes, greedy or"
		     " smart"), "msgs '%s'", msgs ? msgs : "");
	CHECK(!c || config_defaults(c)->find_multipaths == FIND_STRICT,
	      "maybe taken");
	config_free(c);
	free(msgs);
	msgs = NULL;
	f = open_memstream(&msgs, &n);
	c = conf_of_msgs("defaults {\n\tfind_multipaths_timeout 0\n}\n", f);
	fclose(f);
	CHECK(msgs && strstr(msgs, "find_multipaths_timeout 0: out of range"
			     " 1..3600"), "msgs '%s'", msgs ? msgs : "");
	CHECK(!c || config_defaults(c)->find_multipaths_timeout == 10, "0 taken");
	config_free(c);
	free(msgs);
	/* In a device section: defaults only, ignored with a warning. */
	msgs = NULL;
	f = open_memstream(&msgs, &n);
	c = conf_of_msgs("devices {\n device {\n  vendor X\n"
			 "  product Y\n  find_multipaths yes\n }\n}\n", f);
	fclose(f);
	CHECK(c && msgs && strstr(msgs, "t.conf:5: warning: find_multipaths"
				  " belongs in defaults"), "msgs '%s'",
	      msgs ? msgs : "");
	config_free(c);
	free(msgs);
}

/* --- the daemon makes maps (hotplug.c) ------------------------------------------ */

/* A pretend kernel with no map at first; create makes one, recorded. */
static char created[2048];
static char made_uuid[MPDM_UUID_LEN + 1], made_table[1024];
static int create_fails;

static int k_list(char ***names, size_t *count, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	*names = calloc(1, sizeof(**names));
	*count = 0;
	if (made_uuid[0] && *names) {
		(*names)[0] = strdup("made");
		*count = 1;
	}
	return *names ? 0 : -1;
}

static int k_get_map(const char *name, int with_status, struct mpdm_map *map,
		     char *err, size_t errlen)
{
	(void)with_status;
	memset(map, 0, sizeof(*map));
	if (strcmp(name, "made") || !made_uuid[0]) {
		snprintf(err, errlen, "%s: no such map", name);
		return MPDM_NOMAP;
	}
	snprintf(map->name, sizeof(map->name), "made");
	snprintf(map->uuid, sizeof(map->uuid), "%s", made_uuid);
	map->sectors = 2097152;
	map->table = strdup(made_table);
	return 0;
}

static int k_message(const char *name, const char *msg, char *err,
		     size_t errlen)
{
	(void)name;
	(void)msg;
	(void)err;
	(void)errlen;
	return 0;
}

static int k_reload(const char *name, unsigned long long sectors,
		    const char *params, char *err, size_t errlen)
{
	(void)name;
	(void)sectors;
	(void)params;
	snprintf(err, errlen, "not expected");
	return -1;
}

static int k_create(const char *name, const char *uuid,
		    unsigned long long sectors, const char *params, char *err,
		    size_t errlen)
{
	if (create_fails) {
		snprintf(err, errlen, "%s: device-mapper: reload ioctl failed:"
			 " Device or resource busy", name);
		return -1;
	}
	snprintf(created + strlen(created), sizeof(created) - strlen(created),
		 "%s %s 0 %llu mpath2 %s\n", name, uuid, sectors, params);
	snprintf(made_uuid, sizeof(made_uuid), "%s", uuid);
	snprintf(made_table, sizeof(made_table), "%s", params);
	return 0;
}

static const struct monitor_dm kernel = {
	.list = k_list,
	.get_map = k_get_map,
	.message = k_message,
	.reload = k_reload,
	.create = k_create,
};

void claim_reset(void)
{
	created[0] = '\0';
	made_uuid[0] = '\0';
	create_fails = 0;
}

static void mon_of(struct monitor *m, struct world *w,
		   const struct mpath2_conf *conf)
{
	monitor_init(m, &kernel, NULL, w->sysfs, w->logf, 5, 20, 30);
	m->conf = conf;
	m->wwids = w->wwids;
	m->stamps = w->stamps;
	m->bindings = w->bindings;
}

static const char *logged(struct world *w)
{
	fflush(w->logf);
	return w->log ? w->log : "";
}

#define TABLE_AB	"0 0 2 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1"

/* Boot: strict, the WWID in the wwids file; LUN B alone stays as it is. */
static void daemon_boot_wwids(void **state)
{
	struct mpath2_conf *conf = config_default();
	struct monitor m;
	struct world w;
	char err[256];

	(void)state;
	CHECK(conf && !make_world(&w, "bcd"), "setup");
	CHECK(wwids_add(w.wwids, WWID_A, err, sizeof(err)) == 1, "%s", err);
	mon_of(&m, &w, conf);
	CHECK(hotplug_coldplug(&m, conf) == 1, "made: %s", logged(&w));
	CHECK(!strcmp(created, WWID_A " mpath2-" WWID_A " 0 2097152 mpath2 "
		      TABLE_AB "\n"), "created '%s'", created);
	CHECK(strstr(logged(&w), "<5>" WWID_A ": created over 2 paths (sdb sdc):"
		     " its WWID is in the wwids file"), "log %s", logged(&w));
	/* Once made, a path's event changes nothing. */
	created[0] = '\0';
	CHECK(hotplug_add(&m, conf, "sdc") == 0 && !created[0], "again");
	monitor_free(&m);
	config_free(conf);
	end_world(&w);
}

/* strict without the wwids file: nothing is made. */
static void daemon_strict_makes_none(void **state)
{
	struct mpath2_conf *conf = config_default();
	struct monitor m;
	struct world w;

	(void)state;
	CHECK(conf && !make_world(&w, "bcd"), "setup");
	mon_of(&m, &w, conf);
	CHECK(hotplug_coldplug(&m, conf) == 0 && !created[0], "made '%s'",
	      created);
	/* No wwids file set (the unit tests' monitors): never. */
	m.wwids = NULL;
	CHECK(hotplug_add(&m, conf, "sdb") == 0 && !created[0], "made");
	monitor_free(&m);
	config_free(conf);
	end_world(&w);
}

/*
 * yes: the second path's arrival makes the map, named from the bindings
 * with user_friendly_names, and the WWID lands in the wwids file.
 */
static void daemon_hotplug_yes(void **state)
{
	struct mpath2_conf *conf = conf_of("defaults {\n\tfind_multipaths yes\n"
					   "\tuser_friendly_names yes\n}\n");
	struct wwids ws;
	struct monitor m;
	struct world w;
	char err[256], *text;

	(void)state;
	CHECK(conf && !make_world(&w, "bd"), "setup");
	mon_of(&m, &w, conf);
	CHECK(hotplug_add(&m, conf, "sdb") == 0 && !created[0], "alone made");
	CHECK(!put_disk(w.root, 1), "setup sdc");
	CHECK(hotplug_add(&m, conf, "sdc") == 1, "not made: %s", logged(&w));
	CHECK(!strcmp(created, "mpath0 mpath2-" WWID_A " 0 2097152 mpath2 "
		      TABLE_AB "\n"), "created '%s'", created);
	text = slurp(w.bindings);
	CHECK(text && !strcmp(text, "mpath0 " WWID_A "\n"), "bindings '%s'",
	      text ? text : "");
	CHECK(!wwids_load(w.wwids, &ws, err, sizeof(err)) && ws.nr == 1 &&
	      wwids_has(&ws, WWID_A), "wwids: %s", err);
	wwids_free(&ws);
	monitor_free(&m);
	config_free(conf);
	end_world(&w);
}

/* greedy: a lone disk gets its map; a held disk is left out; failures logged. */
static void daemon_greedy(void **state)
{
	struct mpath2_conf *conf = conf_of(FM("greedy"));
	struct monitor m;
	struct world w;

	(void)state;
	CHECK(conf && !make_world(&w, "bcd"), "setup");
	/* sdc is LVM's: the map of LUN A is made over sdb alone. */
	CHECK(!fakefs_mkdir(w.root, "sys/block/sdc/holders/dm-7") &&
	      !fakefs_puts(w.root, "sys/block/dm-7/dm/uuid", "LVM-x\n") &&
	      !fakefs_puts(w.root, "sys/block/dm-7/dm/name", "vg-lv\n"),
	      "setup holders");
	mon_of(&m, &w, conf);
	CHECK(hotplug_add(&m, conf, "sdb") == 1, "A: %s", logged(&w));
	CHECK(!strcmp(created, WWID_A " mpath2-" WWID_A " 0 2097152 mpath2 "
		      "0 0 1 1 round-robin 0 1 1 8:16 1\n"), "A '%s'", created);
	CHECK(strstr(logged(&w), "<4>" WWID_A ": sdc left out: sdc (8:32) is in"
		     " use by dm-7"), "log %s", logged(&w));
	/* The kernel refuses: logged, nothing in the wwids file. */
	made_uuid[0] = '\0';
	create_fails = 1;
	CHECK(hotplug_add(&m, conf, "sdd") == -1, "B made");
	CHECK(strstr(logged(&w), "<3>" WWID_B ": no map made: " WWID_B
		     ": device-mapper: reload ioctl failed"), "log %s",
	      logged(&w));
	CHECK(!strstr(slurp(w.wwids) ? slurp(w.wwids) : "", WWID_B),
	      "B listed");
	monitor_free(&m);
	config_free(conf);
	end_world(&w);
}

/*
 * smart: a lone disk is held; when its time is up it is released and
 * udev told ("add" on its uevent file); a second path in time makes the
 * map instead.
 */
static void daemon_smart(void **state)
{
	struct mpath2_conf *conf = conf_of("defaults {\n\tfind_multipaths smart\n"
					   "\tfind_multipaths_timeout 1\n}\n");
	struct monitor m;
	struct world w;
	char path[256], *text;
	long long due;

	(void)state;
	CHECK(conf && !make_world(&w, "bd"), "setup");
	mon_of(&m, &w, conf);
	CHECK(hotplug_add(&m, conf, "sdd") == 0 && m.nr_waits == 1, "not held");
	CHECK(hotplug_add(&m, conf, "sdb") == 0 && m.nr_waits == 2, "not held");
	due = monitor_next_ms(&m);
	CHECK(due > 0, "no wake-up");
	/* Before its time: nothing. */
	CHECK(hotplug_due(&m, conf, due - 1) == 0 && m.nr_waits == 2, "early");
	/* sdb's second path comes; then time is up for both. */
	CHECK(!put_disk(w.root, 1), "setup sdc");
	/* The stamps were written now: make them old enough. */
	snprintf(path, sizeof(path), "%s/8:48", w.stamps);
	CHECK(!fakefs_puts(w.root, "run/fm/8:48", "0\n") &&
	      !fakefs_puts(w.root, "run/fm/8:16", "0\n"), "age stamps");
	CHECK(hotplug_due(&m, conf, due + 60000) == 2 && !m.nr_waits,
	      "due: %s", logged(&w));
	CHECK(!strcmp(created, WWID_A " mpath2-" WWID_A " 0 2097152 mpath2 "
		      TABLE_AB "\n"), "created '%s'", created);
	CHECK(strstr(logged(&w), "<5>sdd: released: no second path with WWID "
		     WWID_B " came"), "log %s", logged(&w));
	snprintf(path, sizeof(path), "%s/block/sdd/uevent", w.sysfs);
	text = slurp(path);
	CHECK(text && !strcmp(text, "add"), "uevent '%s'", text ? text : "");
	snprintf(path, sizeof(path), "%s/block/sdb/uevent", w.sysfs);
	text = slurp(path);
	CHECK(text && !text[0], "sdb told '%s'", text ? text : "");
	/* The map made, the stamps of its paths are gone. */
	snprintf(path, sizeof(path), "%s/8:16", w.stamps);
	CHECK(access(path, F_OK), "stamp kept");
	/* A held disk that leaves is forgotten. */
	claim_forget(w.stamps, 8, 48);
	made_uuid[0] = '\0';
	CHECK(hotplug_add(&m, conf, "sdd") == 0 && m.nr_waits == 1, "sdd");
	CHECK(hotplug_remove(&m, 8, 48) == 0 && !m.nr_waits, "wait kept");
	snprintf(path, sizeof(path), "%s/8:48", w.stamps);
	CHECK(access(path, F_OK), "stamp of a gone disk kept");
	monitor_free(&m);
	config_free(conf);
	end_world(&w);
}

void claim_tests(void)
{
	UNIT_TABLE("tools/claim/decide", decide_case, decide_cases);
	unit_case("tools/claim/wwids_parse", wwids_parsing, NULL);
	unit_case("tools/claim/wwids_file", wwids_file, NULL);
	UNIT_TABLE("tools/claim/disk", disk_case, disk_cases);
	unit_case("tools/claim/smart_stamps", smart_stamps, NULL);
	unit_case("tools/claim/in_use", in_use, NULL);
	unit_case("tools/claim/is_path_cli", is_path_cli, NULL);
	unit_case("tools/claim/config_keywords", config_keywords, NULL);
	unit_case("tools/claim/cli_keeps_wwids", cli_keeps_wwids, NULL);
	unit_case("tools/claim/daemon_boot_wwids", daemon_boot_wwids, NULL);
	unit_case("tools/claim/daemon_strict_makes_none",
		  daemon_strict_makes_none, NULL);
	unit_case("tools/claim/daemon_hotplug_yes", daemon_hotplug_yes, NULL);
	unit_case("tools/claim/daemon_greedy", daemon_greedy, NULL);
	unit_case("tools/claim/daemon_smart", daemon_smart, NULL);
}
