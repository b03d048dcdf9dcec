// SPDX-License-Identifier: GPL-2.0-only
/* Registering the map's key on a path before it joins (see prkey.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "daemon/prkey.h"
#include "lib/common.h"
#include "lib/pr.h"
#include "lib/pr_io.h"
#include "table/table_conf.h"

#define MAX_TIMEOUT_MS	10000	/* the daemon's loop waits for these */
#define UA_TRIES	3
#define ASK_OTHERS	2	/* other paths asked for the keys, at most */

const char *prkey_file = PRKEY_FILE;

/* @wwid's key in the prkeys file, 0 if none (or no file). */
static uint64_t file_key(const char *wwid)
{
	char line[256], k[64], w[128], err[ERRLEN];
	uint64_t key = 0, v;
	FILE *f;

	f = fopen(prkey_file, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%63s %127s", k, w) != 2)
			continue;
		if (!strcmp(w, wwid) && !pr_key_parse(k, &v, err, sizeof(err)))
			key = v;
	}
	fclose(f);
	return key;
}

uint64_t prkey_for(const struct mpath2_conf *conf, const char *wwid,
		   const char *vendor, const char *product)
{
	struct config_settings s;

	if (!conf || !wwid || !wwid[0])
		return 0;
	config_resolve(conf, wwid, vendor, product, &s);
	if (s.reservation_key_file)
		return file_key(wwid);
	return s.reservation_key;
}

/* One command, asked again on UNIT ATTENTION; the answer in @a. */
static void out_cmd(const char *dev, enum pr_out_sa sa, uint64_t sa_key,
		    unsigned int tmo, struct pr_answer *a)
{
	unsigned char cdb[PR_CDB_LEN], param[PR_PARAM_LEN];
	int i;

	pr_out_cdb(cdb, sa, 0);
	pr_out_param(param, 0, sa_key);
	for (i = 0; i < UA_TRIES; i++) {
		pr_io_out(dev, cdb, param, tmo, a);
		if (!pr_unit_attention(a))
			break;
	}
}

/* READ KEYS through @dev: 1 if @key is there, 0 if not, -1 no answer. */
static int key_seen(const char *dev, uint64_t key, unsigned int tmo,
		    char *why, size_t whylen)
{
	unsigned char cdb[PR_CDB_LEN], buf[PR_IN_LEN];
	char err[ERRLEN], text[160];
	struct pr_answer a;
	struct pr_keys k;
	int i;

	pr_in_cdb(cdb, PR_READ_KEYS, sizeof(buf));
	for (i = 0; i < UA_TRIES; i++) {
		pr_io_in(dev, cdb, buf, sizeof(buf), tmo, &a);
		if (!pr_unit_attention(&a))
			break;
	}
	if (a.outcome != PR_GOOD) {
		pr_answer_text(&a, text, sizeof(text));
		snprintf(why, whylen, "READ KEYS through %s: %s", dev, text);
		return -1;
	}
	if (pr_parse_keys(buf, a.len, &k, err, sizeof(err))) {
		snprintf(why, whylen, "READ KEYS through %s: %.160s", dev, err);
		return -1;
	}
	/* Too many registrations to see them all: do not call it gone. */
	return pr_has_key(&k, key) || k.kept < k.nr;
}

int prkey_join(uint64_t key, const char *devnode, const char *const *others,
	       size_t nr_others, unsigned int timeout_ms, int *sent,
	       char *why, size_t whylen)
{
	char text[160], last[ERRLEN] = "";
	struct pr_answer a;
	int seen = -1;
	size_t i;

	*sent = 0;
	if (!key)
		return 0;
	if (timeout_ms > MAX_TIMEOUT_MS)
		timeout_ms = MAX_TIMEOUT_MS;
	/*
	 * Two other paths at most: the daemon's loop waits for these, and a
	 * path that times out costs a whole timeout.
	 */
	for (i = 0; i < nr_others && i < ASK_OTHERS && seen < 0; i++)
		seen = key_seen(others[i], key, timeout_ms, last, sizeof(last));
	if (seen < 0)
		seen = key_seen(devnode, key, timeout_ms, last, sizeof(last));
	if (seen < 0) {
		snprintf(why, whylen, "reservation key 0x%llx: the LUN did not"
			 " say whether it is registered (%.160s)",
			 (unsigned long long)key, last);
		return -1;
	}
	if (!seen) {
		snprintf(why, whylen, "reservation key 0x%llx is no longer"
			 " registered on the LUN: this host was preempted"
			 " (fenced), or never registered; mpath2ctl persist"
			 " --register brings the map's paths back",
			 (unsigned long long)key);
		return -1;
	}
	out_cmd(devnode, PR_REGISTER_IGNORE, key, timeout_ms, &a);
	*sent = 1;
	if (a.outcome != PR_GOOD) {
		pr_answer_text(&a, text, sizeof(text));
		snprintf(why, whylen, "registering key 0x%llx through %s: %s",
			 (unsigned long long)key, devnode, text);
		return -1;
	}
	return 0;
}

/*
 * The devnodes of the paths of map @map the kernel has active, but not
 * @major:@minor, into @others (at most @max); how many.
 */
static size_t active_paths(const struct monitor *m, const char *map,
			   unsigned int major, unsigned int minor,
			   char (*nodes)[40], const char **others, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < m->nr && n < max; i++) {
		const struct monitor_path *q = &m->paths[i];

		if (strcmp(q->map, map) || q->kstate != 'A' || !q->dev[0] ||
		    (q->major == major && q->minor == minor))
			continue;
		snprintf(nodes[n], sizeof(nodes[n]), "/dev/%s", q->dev);
		others[n] = nodes[n];
		n++;
	}
	return n;
}

#define MAX_OTHERS	8

/* prkey_for() with the vendor and product sysfs gives disk @name. */
static uint64_t disk_key(const struct monitor *m, const struct mpath2_conf *conf,
			 const char *wwid, const char *name)
{
	char vendor[CONF_VENDOR_LEN] = "", product[CONF_PRODUCT_LEN] = "";
	char dir[160];

	if (m->sysfs && name && name[0]) {
		snprintf(dir, sizeof(dir), "%s/block/%s", m->sysfs, name);
		table_conf_vendor_product(dir, vendor, product);
	}
	return prkey_for(conf, wwid, vendor[0] ? vendor : NULL,
			 product[0] ? product : NULL);
}

static unsigned int timeout_ms(const struct monitor *m)
{
	return m->timeout_s > 0 ? (unsigned int)m->timeout_s * 1000 :
	       MAX_TIMEOUT_MS;
}

int prkey_before_reinstate(struct monitor *m, const struct monitor_path *p,
			   char *why, size_t whylen)
{
	char nodes[MAX_OTHERS][40], dev[40];
	const char *others[MAX_OTHERS];
	uint64_t key = disk_key(m, m->conf, p->wwid, p->dev);
	size_t n;
	int sent;

	if (!key)
		return 0;
	if (!p->dev[0]) {
		snprintf(why, whylen, "reservation key 0x%llx: no device node"
			 " to register it through", (unsigned long long)key);
		return -1;
	}
	snprintf(dev, sizeof(dev), "/dev/%s", p->dev);
	n = active_paths(m, p->map, p->major, p->minor, nodes, others,
			 MAX_OTHERS);
	if (prkey_join(key, dev, others, n, timeout_ms(m), &sent, why, whylen))
		return -1;
	monitor_log(m, 5, "%s: path %s registered with reservation key 0x%llx",
		    p->map, p->dev, (unsigned long long)key);
	return 0;
}

int prkey_before_add(struct monitor *m, const struct mpath2_conf *conf,
		     const char *map, const char *wwid, const char *disk,
		     char *why, size_t whylen)
{
	char nodes[MAX_OTHERS][40], dev[40];
	const char *others[MAX_OTHERS];
	uint64_t key = disk_key(m, conf, wwid, disk);
	size_t n;
	int sent;

	if (!key)
		return 0;
	snprintf(dev, sizeof(dev), "/dev/%s", disk);
	n = active_paths(m, map, 0, 0, nodes, others, MAX_OTHERS);
	if (prkey_join(key, dev, others, n, timeout_ms(m), &sent, why, whylen))
		return -1;
	monitor_log(m, 5, "%s: %s registered with reservation key 0x%llx",
		    map, disk, (unsigned long long)key);
	return 0;
}
