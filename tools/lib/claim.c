// SPDX-License-Identifier: GPL-2.0-only
/* Is this disk a path? (see claim.h) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/claim.h"
#include "lib/common.h"
#include "lib/mpdm.h"
#include "lib/sysfs.h"
#include "lib/wwid.h"
#include "table/status.h"
#include "table/table_conf.h"

static const char *const names[] = {
	[CLAIM_NO_WWID] = "no-wwid",
	[CLAIM_BLACKLISTED] = "blacklisted",
	[CLAIM_NO] = "no",
	[CLAIM_RELEASED] = "released",
	[CLAIM_IN_USE] = "in-use",
	[CLAIM_MAP] = "map",
	[CLAIM_WWIDS] = "wwids",
	[CLAIM_SIBLING] = "sibling",
	[CLAIM_GREEDY] = "greedy",
	[CLAIM_WAIT] = "wait",
};

enum claim_answer claim_decide(const struct claim_facts *f)
{
	if (!f->has_wwid)
		return CLAIM_NO_WWID;
	if (f->blacklisted)
		return CLAIM_BLACKLISTED;
	if (f->has_map)
		return CLAIM_MAP;
	if (f->in_use)
		return CLAIM_IN_USE;
	if (f->in_wwids)
		return CLAIM_WWIDS;
	switch (f->mode) {
	case FIND_GREEDY:
		return CLAIM_GREEDY;
	case FIND_YES:
		return f->siblings ? CLAIM_SIBLING : CLAIM_NO;
	case FIND_SMART:
		if (f->siblings)
			return CLAIM_SIBLING;
		return f->waited_s < f->timeout_s ? CLAIM_WAIT : CLAIM_RELEASED;
	case FIND_STRICT:
	default:
		return CLAIM_NO;
	}
}

int claim_is_path(enum claim_answer a)
{
	return a >= CLAIM_MAP;
}

const char *claim_name(enum claim_answer a)
{
	return (unsigned int)a < sizeof(names) / sizeof(names[0]) ? names[a] :
	       "?";
}

long long claim_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_BOOTTIME, &ts))
		clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* sd<letters>: a SCSI disk, not a partition. */
static int is_sd(const char *name)
{
	return !strncmp(name, "sd", 2) && name[2] && strlen(name) < 32 &&
	       strspn(name + 2, "abcdefghijklmnopqrstuvwxyz") ==
	       strlen(name + 2);
}

/* Disk @name's WWID and whether the config blacklists it; -1: no WWID. */
static int disk_wwid(const char *sysfs, const struct mpath2_conf *conf,
		     const char *name, char *wwid, size_t len, int *black)
{
	char dir[PATH_MAX], vendor[CONF_VENDOR_LEN], product[CONF_PRODUCT_LEN];
	char err[ERRLEN];

	if (snprintf(dir, sizeof(dir), "%s/block/%s", sysfs, name) >=
	    (int)sizeof(dir) || wwid_from_sysfs(dir, wwid, len, err,
						sizeof(err)))
		return -1;
	table_conf_vendor_product(dir, vendor, product);
	*black = config_blacklisted(conf, name, wwid, vendor[0] ? vendor : NULL,
				    product[0] ? product : NULL);
	return 0;
}

/* The other disks that show @wwid and are not blacklisted. */
static size_t siblings(const char *sysfs, const struct mpath2_conf *conf,
		       const char *disk, const char *wwid)
{
	char dir[PATH_MAX], other[VPD_WWID_LEN];
	struct dirent *de;
	size_t n = 0;
	int black;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/block", sysfs);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (!is_sd(de->d_name) || !strcmp(de->d_name, disk))
			continue;
		if (!disk_wwid(sysfs, conf, de->d_name, other, sizeof(other),
			       &black) && !black && !strcmp(other, wwid))
			n++;
	}
	closedir(d);
	return n;
}

/* Whether a dm device under <@sysfs>/block has UUID mpath2-<@wwid>. */
static int has_map(const char *sysfs, const char *wwid)
{
	char dir[PATH_MAX], uuid[MPDM_UUID_LEN + 2];
	struct dirent *de;
	int found = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/block", sysfs);
	d = opendir(dir);
	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		if (strncmp(de->d_name, "dm-", 3))
			continue;
		if (snprintf(dir, sizeof(dir), "%s/block/%s", sysfs,
			     de->d_name) >= (int)sizeof(dir))
			continue;
		sysfs_read_line(dir, "dm/uuid", uuid, sizeof(uuid));
		found = !strncmp(uuid, MPDM_UUID_PREFIX,
				 strlen(MPDM_UUID_PREFIX)) &&
			!strcmp(uuid + strlen(MPDM_UUID_PREFIX), wwid);
	}
	closedir(d);
	return found;
}

static int stamp_path(const char *stamps, unsigned int major,
		      unsigned int minor, char *buf, size_t len)
{
	int r = snprintf(buf, len, "%s/%u:%u", stamps, major, minor);

	return r < 0 || (size_t)r >= len ? -1 : 0;
}

/* mkdir -p @dir (the stamps live two levels below /run). */
static int make_dirs(const char *dir)
{
	char path[PATH_MAX], *p;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -1;
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

/*
 * How long ago disk @major:@minor was first asked about: its stamp, or
 * a new stamp of @now_s (0 s). With no stamp kept, -1.
 */
static long long waited(const char *stamps, unsigned int major,
			unsigned int minor, long long now_s)
{
	char path[PATH_MAX], buf[32];
	long long then;
	ssize_t n;
	int fd;

	if (!stamps || stamp_path(stamps, major, minor, path, sizeof(path)))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		if (sscanf(buf, "%lld", &then) == 1 && then >= 0 &&
		    then <= now_s)
			return now_s - then;
		return -1;	/* not ours, or a clock gone back: release */
	}
	if (errno != ENOENT || make_dirs(stamps))
		return -1;
	/* O_EXCL: of two askers at once, the first one's time stands. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno == EEXIST ? waited(stamps, major, minor, now_s) : -1;
	n = snprintf(buf, sizeof(buf), "%lld\n", now_s);
	if (write(fd, buf, (size_t)n) != n) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/* <proc>/@file for @sysfs (see claim_in_use()). */
static void proc_file(const char *sysfs, const char *file, char *buf,
		      size_t len)
{
	size_t n = strlen(sysfs);

	if (n > 4 && !strcmp(sysfs + n - 4, "/sys"))
		snprintf(buf, len, "%.*s/proc/%s", (int)(n - 4), sysfs, file);
	else
		snprintf(buf, len, "/proc/%s", file);
}

/* A holder of block device <@dir> (its holders/), into @why. */
static int held(const char *dir, const char *name, char *why, size_t len)
{
	char path[PATH_MAX];
	struct dirent *de;
	int r = 0;
	DIR *d;

	if (snprintf(path, sizeof(path), "%s/holders", dir) >= (int)sizeof(path))
		return 0;
	d = opendir(path);
	if (!d)
		return 0;
	while (!r && (de = readdir(d)))
		if (de->d_name[0] != '.') {
			snprintf(why, len, "%s is held by %.40s", name, de->d_name);
			r = 1;
		}
	closedir(d);
	return r;
}

/* Whether a " M:m " of @devs is the source of a mount in @mountinfo. */
static int mounted(const char *mountinfo, const char *devs, char *why,
		   size_t len)
{
	char line[4096], majmin[32], mnt[256], needle[40];
	FILE *f = fopen(mountinfo, "r");
	int r = 0;

	if (!f)
		return 0;
	while (!r && fgets(line, sizeof(line), f)) {
		/* "36 35 8:17 / /boot rw,... - ext4 /dev/sdb1 rw" */
		if (sscanf(line, "%*s %*s %31s %*s %255s", majmin, mnt) != 2)
			continue;
		snprintf(needle, sizeof(needle), " %s ", majmin);
		if (strstr(devs, needle)) {
			snprintf(why, len, "%s is mounted on %.200s", majmin, mnt);
			r = 1;
		}
	}
	fclose(f);
	return r;
}

/* Whether /dev/<name> of a word of @names is a swap area in @swaps. */
static int swapped(const char *swaps, const char *names, char *why,
		   size_t len)
{
	char line[4096], file[256], word[48];
	const char *p;
	FILE *f = fopen(swaps, "r");
	int r = 0, n;

	if (!f)
		return 0;
	while (!r && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s", file) != 1 || strncmp(file, "/dev/", 5))
			continue;
		for (p = names; !r && sscanf(p, "%47s%n", word, &n) == 1;
		     p += n)
			if (!strcmp(file + 5, word)) {
				snprintf(why, len, "%s is a swap area", file);
				r = 1;
			}
	}
	fclose(f);
	return r;
}

int claim_in_use(const char *sysfs, const char *disk, char *why,
		 size_t whylen)
{
	char dir[PATH_MAX], sub[PATH_MAX], dev[32], devs[4096], names[4096];
	char file[PATH_MAX];
	struct dirent *de;
	size_t dl, nl;
	int r;
	DIR *d;

	if (snprintf(dir, sizeof(dir), "%s/block/%s", sysfs, disk) >=
	    (int)sizeof(dir))
		return 0;
	if (held(dir, disk, why, whylen))
		return 1;
	sysfs_read_line(dir, "dev", dev, sizeof(dev));
	dl = (size_t)snprintf(devs, sizeof(devs), " %s ", dev);
	nl = (size_t)snprintf(names, sizeof(names), " %s ", disk);
	d = opendir(dir);
	/* Partitions: <disk>/<disk>N, each with its dev and holders/. */
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, disk, strlen(disk)) ||
		    snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(sub))
			continue;
		sysfs_read_line(sub, "dev", dev, sizeof(dev));
		if (!dev[0])
			continue;
		if (held(sub, de->d_name, why, whylen)) {
			closedir(d);
			return 1;
		}
		if (dl + strlen(dev) + 2 < sizeof(devs))
			dl += (size_t)snprintf(devs + dl, sizeof(devs) - dl,
					       "%s ", dev);
		if (nl + strlen(de->d_name) + 2 < sizeof(names))
			nl += (size_t)snprintf(names + nl, sizeof(names) - nl,
					       "%s ", de->d_name);
	}
	if (d)
		closedir(d);
	proc_file(sysfs, "self/mountinfo", file, sizeof(file));
	r = mounted(file, devs, why, whylen);
	if (!r) {
		proc_file(sysfs, "swaps", file, sizeof(file));
		r = swapped(file, names, why, whylen);
	}
	return r;
}

void claim_forget(const char *stamps, unsigned int major, unsigned int minor)
{
	char path[PATH_MAX];

	if (stamps && !stamp_path(stamps, major, minor, path, sizeof(path)))
		unlink(path);
}

int claim_disk(const char *sysfs, const struct mpath2_conf *conf,
	       const struct wwids *ws, const char *stamps, const char *disk,
	       long long now_s, struct claim_result *res, char *err,
	       size_t errlen)
{
	const struct config_settings *s = config_defaults(conf);
	struct claim_facts f = { .mode = s->find_multipaths,
				 .timeout_s = s->find_multipaths_timeout };
	char dir[PATH_MAX], dev[32];

	memset(res, 0, sizeof(*res));
	if (!is_sd(disk) || snprintf(dir, sizeof(dir), "%s/block/%s", sysfs,
				     disk) >= (int)sizeof(dir)) {
		snprintf(err, errlen, "%.40s: not a SCSI disk (sd*)", disk);
		return -1;
	}
	sysfs_read_line(dir, "dev", dev, sizeof(dev));
	if (status_parse_devnum(dev, &res->major, &res->minor)) {
		snprintf(err, errlen, "%s: no such disk in %s/block", disk, sysfs);
		return -1;
	}
	f.has_wwid = !disk_wwid(sysfs, conf, disk, res->wwid,
				sizeof(res->wwid), &f.blacklisted);
	if (!f.has_wwid)
		res->wwid[0] = '\0';
	if (f.has_wwid && !f.blacklisted) {
		f.has_map = has_map(sysfs, res->wwid);
		f.in_use = !f.has_map && claim_in_use(sysfs, disk, res->why,
						      sizeof(res->why));
		f.in_wwids = ws && wwids_has(ws, res->wwid);
		if (!f.has_map && !f.in_wwids && (f.mode == FIND_YES ||
						  f.mode == FIND_SMART))
			f.siblings = siblings(sysfs, conf, disk, res->wwid);
		if (!f.has_map && !f.in_wwids && !f.siblings &&
		    f.mode == FIND_SMART) {
			f.waited_s = waited(stamps, res->major, res->minor,
					    now_s);
			if (f.waited_s < 0)
				f.waited_s = f.timeout_s;
		}
	}
	res->siblings = f.siblings;
	res->answer = claim_decide(&f);
	if (res->answer == CLAIM_WAIT)
		res->wait_left_s = (int)(f.timeout_s - f.waited_s);
	return 0;
}
