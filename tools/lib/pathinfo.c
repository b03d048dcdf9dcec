// SPDX-License-Identifier: GPL-2.0-only
/* A path's facts from sysfs (see pathinfo.h). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/blockdev.h"
#include "lib/pathinfo.h"
#include "cli/show_tree.h"
#include "lib/sysfs.h"

/* Whether @s is "H:C:T:L", four decimal numbers. */
static int is_hctl(const char *s, size_t n)
{
	size_t i, colons = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ':')
			colons++;
		else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return n && colons == 3;
}

/* The path component just before "/block/" in @link, if H:C:T:L. */
static void hctl_of(const char *link, char *buf, size_t len)
{
	const char *end = strstr(link, "/block/"), *start;

	buf[0] = '\0';
	if (!end)
		return;
	for (start = end; start > link && start[-1] != '/'; start--)
		;
	if (is_hctl(start, (size_t)(end - start)) &&
	    (size_t)(end - start) < len)
		snprintf(buf, len, "%.*s", (int)(end - start), start);
}

/* The iSCSI session number in @link (".../session3/..."), or -1. */
static int session_of(const char *link)
{
	const char *p = link;
	int sid;
	char c;

	while ((p = strstr(p, "/session"))) {
		if (sscanf(p, "/session%d%c", &sid, &c) == 2 && c == '/' &&
		    sid >= 0)
			return sid;
		p++;
	}
	return -1;
}

static void iscsi_facts(const char *sysfs, int sid, struct pathinfo_facts *f)
{
	char dir[PATH_MAX], prefix[32], addr[64], port[16];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/class/iscsi_session/session%d", sysfs,
		 sid);
	sysfs_read_line(dir, "targetname", f->target, sizeof(f->target));
	sysfs_read_line(dir, "ifacename", f->iface, sizeof(f->iface));
	/* The session's connection: connection<sid>:<cid>, one per session. */
	snprintf(dir, sizeof(dir), "%s/class/iscsi_connection", sysfs);
	snprintf(prefix, sizeof(prefix), "connection%d:", sid);
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		snprintf(dir, sizeof(dir), "%s/class/iscsi_connection/%s",
			 sysfs, de->d_name);
		sysfs_read_line(dir, "persistent_address", addr, sizeof(addr));
		sysfs_read_line(dir, "persistent_port", port, sizeof(port));
		if (addr[0])
			snprintf(f->portal, sizeof(f->portal), "%s%s%s", addr,
				 port[0] ? ":" : "", port);
		break;
	}
	closedir(d);
}

void pathinfo_read(const char *sysfs, unsigned int major,
		     unsigned int minor, struct pathinfo_facts *f)
{
	char dir[PATH_MAX], link[PATH_MAX];
	ssize_t n;
	int sid;

	memset(f, 0, sizeof(*f));
	if (!sysfs)
		return;
	if (sysfs_devname(sysfs, major, minor, f->dev, sizeof(f->dev)))
		f->dev[0] = '\0';
	snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", sysfs, major, minor);
	n = readlink(dir, link, sizeof(link) - 1);
	if (n <= 0)
		return;
	link[n] = '\0';
	hctl_of(link, f->hctl, sizeof(f->hctl));
	sysfs_read_line(dir, "device/state", f->state, sizeof(f->state));
	sysfs_read_line(dir, "device/vendor", f->vendor, sizeof(f->vendor));
	sysfs_read_line(dir, "device/model", f->product, sizeof(f->product));
	sid = session_of(link);
	if (sid >= 0)
		iscsi_facts(sysfs, sid, f);
}
