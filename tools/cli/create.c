// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2ctl create: validate every operand, read each path's size and
 * block size from sysfs, refuse paths that disagree, build the table
 * line, then create the map in one libdevmapper call (mpdm.c), or print
 * the line with --dry-run. Nothing reaches the kernel unless all of
 * that succeeded.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/common.h"
#include "table/table_conf.h"
#include "cli/create.h"
#include "lib/maplock.h"
#include "lib/mpdm.h"
#include "table/group.h"
#include "lib/holders.h"
#include "lib/sysfs.h"
#include "lib/validate.h"
#include "lib/vpd.h"
#include "lib/wwid.h"
#include "lib/wwids.h"

#define TABLE_LEN	65536	/* 1024 paths of the longest selector fit */

const struct option create_options[] = {
	CREATE_TABLE_OPTIONS,
	{ "force", no_argument, NULL, CREATE_OPT_FORCE },
	{ NULL, 0, NULL, 0 },
};

int create_table_option(const struct cli_opt *opt, struct tbl_opts *o,
			char *err, size_t errlen)
{
	const char *v = opt->arg;
	int r;

	if (opt->val < CREATE_OPT_SELECTOR || opt->val > CREATE_OPT_HWHANDLER)
		return 0;
	if (!v) {
		snprintf(err, errlen, "--%s needs a value", opt->name);
		return -1;
	}
	switch (opt->val) {
	case CREATE_OPT_SELECTOR:
		r = table_parse_selector(v, &o->selector, err, errlen);
		break;
	case CREATE_OPT_GROUP:
		r = table_parse_grouping(v, &o->grouping, err, errlen);
		break;
	case CREATE_OPT_NO_PATH_RETRY:
		r = table_parse_no_path_retry(v, &o->no_path_retry, err,
					      errlen);
		break;
	case CREATE_OPT_FAILBACK:
		r = table_parse_failback(v, &o->failback, err, errlen);
		break;
	default:
		r = table_parse_hwhandler(v, o->hwhandler, sizeof(o->hwhandler),
					  err, errlen);
		break;
	}
	/* TABLE_GIVEN_*, in the order of the vals */
	o->given |= 1u << (opt->val - CREATE_OPT_SELECTOR);
	return r ? -1 : 1;
}

int create_map(const struct cli_ctl *ctl, const char *name, const char *uuid,
	       const struct tbl_opts *o, const struct blockdev *bd, size_t nr,
	       const char *const *dirs, int flags)
{
	unsigned int *group;
	struct tbl_path *paths;
	char err[ERRLEN], *line;
	size_t i;
	int r = MPDM_ERR;

	if (blockdev_same(bd, nr, err, sizeof(err))) {
		cli_fail(ctl, "%s: %s", name, err);
		return MPDM_ERR;
	}
	/* Never a disk another map, LVM or md is built on (ours: fine). */
	for (i = 0; i < nr; i++) {
		if (holders_check(ctl->sysfs, bd[i].major, bd[i].minor, uuid,
				  err, sizeof(err))) {
			cli_fail(ctl, "%s: %s", name, err);
			return MPDM_ERR;
		}
	}
	paths = calloc(nr, sizeof(*paths));
	group = calloc(nr, sizeof(*group));
	line = malloc(TABLE_LEN);
	if (!paths || !group || !line) {
		cli_fail(ctl, "out of memory");
		goto out;
	}
	for (i = 0; i < nr; i++) {
		paths[i].major = bd[i].major;
		paths[i].minor = bd[i].minor;
	}
	if (group_paths(o, ctl->sysfs, paths, dirs, nr, group, ctl->err,
			ctl->verbose ? ctl->err : NULL, err, sizeof(err)) ||
	    table_build_grouped(o, paths, group, nr, line, TABLE_LEN, err,
			      sizeof(err))) {
		cli_fail(ctl, "%s: %s", name, err);
		goto out;
	}
	if (flags & CREATE_DRY_RUN) {
		fprintf(ctl->out, "0 %llu %s %s\n", bd[0].sectors, MPDM_TARGET,
			line);
		r = 0;
		goto out;
	}
	r = mpdm_create(name, uuid, bd[0].sectors, line, err, sizeof(err));
	/* An existing map is the caller's to judge (discover grows it). */
	if (r && !(r == MPDM_EXISTS && (flags & CREATE_QUIET_EXISTS)))
		cli_fail(ctl, "%s", err);
out:
	free(paths);
	free(group);
	free(line);
	return r;
}

/*
 * The WWID all @nr paths share, from sysfs only (create sends no SCSI
 * command): 1 and the WWID in @wwid if every path has one and they
 * agree, 0 if some path has none (the UUID then comes from the name),
 * -1 with a reason in @err if two paths are different LUNs.
 */
static int common_wwid(const char *sysfs, const struct blockdev *bd,
		       size_t nr, char *wwid, size_t wwidlen,
		       char *err, size_t errlen)
{
	char other[VPD_WWID_LEN], why[ERRLEN];
	size_t i;

	if (wwid_read(sysfs, bd[0].major, bd[0].minor, NULL, wwid, wwidlen,
		      why, sizeof(why)))
		return 0;
	for (i = 1; i < nr; i++) {
		if (wwid_read(sysfs, bd[i].major, bd[i].minor, NULL, other,
			      sizeof(other), why, sizeof(why)))
			return 0;
		if (strcmp(wwid, other)) {
			snprintf(err, errlen, "%u:%u and %u:%u are different LUNs"
				 " (WWIDs %.40s, %.40s)", bd[0].major,
				 bd[0].minor, bd[i].major, bd[i].minor, wwid,
				 other);
			return -1;
		}
	}
	return 1;
}

/*
 * Fill what the command line left of @o from the config, as it resolves
 * for the LUN of path @bd (@wwid if known, its vendor and product).
 * 0, or 1 after printing why.
 */
static int conf_opts(const struct cli_ctl *ctl,
		     const struct mpath2_conf *conf, const struct blockdev *bd,
		     const char *wwid, struct tbl_opts *o, char *err,
		     size_t errlen)
{
	char dir[PATH_MAX], vendor[CONF_VENDOR_LEN], product[CONF_PRODUCT_LEN];
	struct config_settings s;
	int r;

	vendor[0] = product[0] = '\0';
	if (ctl->sysfs) {
		snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", ctl->sysfs,
			 bd->major, bd->minor);
		table_conf_vendor_product(dir, vendor, product);
	}
	config_resolve(conf, wwid, vendor[0] ? vendor : NULL,
		     product[0] ? product : NULL, &s);
	r = table_conf_apply(o, &s, err, errlen);
	return r ? cli_fail(ctl, "%s", err) : 0;
}

int create_blacklisted(const struct cli_ctl *ctl,
		       const struct mpath2_conf *conf, const char *map,
		       unsigned int major, unsigned int minor, int force)
{
	char dir[PATH_MAX], name[32], wwid[VPD_WWID_LEN], why[ERRLEN];
	char vendor[CONF_VENDOR_LEN], product[CONF_PRODUCT_LEN];
	char dev[64];

	vendor[0] = product[0] = '\0';
	if (sysfs_devname(ctl->sysfs, major, minor, name, sizeof(name)))
		name[0] = '\0';
	/* From sysfs only, as discover reads them: no SCSI command. */
	if (wwid_read(ctl->sysfs, major, minor, NULL, wwid, sizeof(wwid), why,
		      sizeof(why)))
		wwid[0] = '\0';
	if (ctl->sysfs) {
		snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", ctl->sysfs,
			 major, minor);
		table_conf_vendor_product(dir, vendor, product);
	}
	if (!config_blacklist_why(conf, name[0] ? name : NULL,
				  wwid[0] ? wwid : NULL,
				  vendor[0] ? vendor : NULL,
				  product[0] ? product : NULL, why, sizeof(why)))
		return 0;
	if (name[0])
		snprintf(dev, sizeof(dev), "%s (%u:%u)", name, major, minor);
	else
		snprintf(dev, sizeof(dev), "%u:%u", major, minor);
	if (!force)
		return cli_fail(ctl, "%s: %s is blacklisted by %s; not used"
				" (--force uses it)", map, dev, why);
	fprintf(ctl->err, "mpath2ctl: %s: %s is blacklisted by %s; used"
		" anyway (--force)\n", map, dev, why);
	return 0;
}

int create_main(const struct cli_verb *verb, const struct cli_args *a,
		const struct cli_ctl *ctl)
{
	char err[ERRLEN], uuid[MPDM_UUID_LEN + 1], wwid[VPD_WWID_LEN];
	const char *name = a->operands[0], *name_or_wwid;
	struct blockdev *bd;
	struct tbl_opts o;
	struct mpath2_conf *conf = NULL;
	int i, r, dry_run = 0, force = 0, lock;
	size_t nr = 0;

	(void)verb;
	table_default_opts(&o);
	for (i = 0; i < a->nr_opts; i++) {
		r = create_table_option(&a->opts[i], &o, err, sizeof(err));
		if (r < 0)
			return cli_fail(ctl, "%s", err);
		if (a->opts[i].val == CREATE_OPT_DRY_RUN)
			dry_run = 1;
		else if (a->opts[i].val == CREATE_OPT_FORCE)
			force = 1;
	}
	if (validate_map_name(name, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (a->nr_operands - 1 > TABLE_MAX_PATHS)
		return cli_fail(ctl, "more than %d paths", TABLE_MAX_PATHS);
	bd = calloc((size_t)a->nr_operands, sizeof(*bd));
	if (!bd)
		return cli_fail(ctl, "out of memory");
	for (i = 1; i < a->nr_operands; i++) {
		unsigned int major, minor;

		if (validate_path_arg(a->operands[i], &major, &minor, err,
				      sizeof(err)))
			goto fail;
		bd[nr++] = (struct blockdev){ major, minor, 0, 0 };
	}
	name_or_wwid = name;
	/* Every path's sizes, before anything is built. */
	for (i = 0; (size_t)i < nr; i++)
		if (blockdev_read(ctl->sysfs, bd[i].major, bd[i].minor, &bd[i],
				  err, sizeof(err)))
			goto fail;
	conf = table_conf_load(ctl);
	if (!conf) {
		free(bd);
		return 1;	/* config_load() said why */
	}
	/* A path the blacklist names: only with --force (as discover). */
	for (i = 0; (size_t)i < nr; i++)
		if (create_blacklisted(ctl, conf, name, bd[i].major,
				       bd[i].minor, force))
			goto refused;
	/* The UUID: mpath2-<WWID> when the paths say it, else mpath2-<name>. */
	r = common_wwid(ctl->sysfs, bd, nr, wwid, sizeof(wwid), err,
			sizeof(err));
	if (r < 0)
		goto fail;
	if (r && strlen(MPDM_UUID_PREFIX) + strlen(wwid) <= MPDM_UUID_LEN)
		name_or_wwid = wwid;
	if (strlen(MPDM_UUID_PREFIX) + strlen(name_or_wwid) > MPDM_UUID_LEN) {
		snprintf(err, sizeof(err), "map name too long for its UUID"
			 " (%s + at most %zu characters)", MPDM_UUID_PREFIX,
			 MPDM_UUID_LEN - strlen(MPDM_UUID_PREFIX));
		goto fail;
	}
	strcpy(uuid, MPDM_UUID_PREFIX);		/* fits: checked above */
	strcat(uuid, name_or_wwid);
	if (conf_opts(ctl, conf, &bd[0], name_or_wwid == wwid ? wwid : NULL,
		      &o, err, sizeof(err)))
		goto refused;
	config_free(conf);
	/* The map's lock (maplock.h): one writer of it at a time. */
	lock = dry_run ? -2 : maplock_take(name, err, sizeof(err));
	if (lock == -1) {
		free(bd);
		return cli_fail(ctl, "%s", err);
	}
	r = create_map(ctl, name, uuid, &o, bd, nr, NULL,
		       dry_run ? CREATE_DRY_RUN : 0);
	maplock_drop(lock);
	free(bd);
	/* A LUN's map (uuid mpath2-<WWID>): claimed from the next boot on. */
	if (!r && !dry_run && name_or_wwid == wwid && ctl->wwids &&
	    wwids_add(ctl->wwids, wwid, err, sizeof(err)) < 0)
		return cli_fail(ctl, "%s: created, but %s", name, err);
	return r ? 1 : 0;
fail:
	cli_fail(ctl, "%s", err);
refused:
	config_free(conf);
	free(bd);
	return 1;
}
