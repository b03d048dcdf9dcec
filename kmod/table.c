// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mpath2 table line: dm-multipath's grammar, parsed into the tree of
 * struct mpath2 / mpath2_pg / mpath2_path.
 *
 *   <#features> [<feature>...]
 *   <#hw handler args> [<handler> [<arg>...]]
 *   <#groups> <initial group>
 *   [<selector> <#selector args> [<arg>...]
 *    <#paths> <#per-path args> [<path> [<arg>...]]...]...
 *
 * Every refusal sets ti->error to a precise reason; whatever was built is
 * released by the caller through mpath2_free_groups(), so a bad line
 * leaves nothing behind.
 */
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "hw_handlers/hw_handler.h"
#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

/* failback immediate|manual|followover|<secs> */
static int parse_failback(const char *word, struct mpath2 *m)
{
	unsigned int secs;
	char dummy;

	if (!strcasecmp(word, "manual")) {
		m->failback = MPATH2_FAILBACK_MANUAL;
	} else if (!strcasecmp(word, "immediate")) {
		m->failback = MPATH2_FAILBACK_IMMEDIATE;
	} else if (!strcasecmp(word, "followover")) {
		m->failback = MPATH2_FAILBACK_FOLLOWOVER;
	} else if (sscanf(word, "%u%c", &secs, &dummy) == 1 && secs &&
		   secs <= MPATH2_MAX_FAILBACK_SECS) {
		m->failback = MPATH2_FAILBACK_DEFERRED;
		m->failback_secs = secs;
	} else {
		m->ti->error = "failback must be immediate, manual, followover or 1..3600 seconds";
		return -EINVAL;
	}
	return 0;
}

/* hold_down <failures> <window_secs> <hold_secs> */
static int parse_hold_down(struct dm_arg_set *as, struct mpath2 *m)
{
	static const struct dm_arg args[] = {
		{1, MPATH2_MAX_HOLD_FAILURES,
		 "hold_down failures must be between 1 and 16"},
		{1, MPATH2_MAX_HOLD_SECS,
		 "hold_down window must be between 1 and 3600 seconds"},
		{1, MPATH2_MAX_HOLD_SECS,
		 "hold_down time must be between 1 and 3600 seconds"},
	};
	struct dm_target *ti = m->ti;

	if (dm_read_arg(&args[0], as, &m->hold_failures, &ti->error) ||
	    dm_read_arg(&args[1], as, &m->hold_window, &ti->error) ||
	    dm_read_arg(&args[2], as, &m->hold_secs, &ti->error))
		return -EINVAL;
	return 0;
}

static int parse_features(struct dm_arg_set *as, struct mpath2 *m)
{
	static const struct dm_arg count = {
		0, MPATH2_MAX_FEATURE_ARGS, "invalid number of feature args"
	};
	static const struct dm_arg timeout = {
		1, MPATH2_MAX_NO_PATH_TIMEOUT,
		"no_path_timeout must be between 1 and 86400 seconds"
	};
	static const struct dm_arg retries = {
		1, MPATH2_MAX_PG_INIT_RETRIES,
		"pg_init_retries must be between 1 and 50"
	};
	static const struct dm_arg delay = {
		0, MPATH2_MAX_PG_INIT_DELAY,
		"pg_init_delay_msecs must be between 0 and 60000"
	};
	int r;
	struct dm_target *ti = m->ti;
	unsigned int argc;
	const char *word;

	if (dm_read_arg_group(&count, as, &argc, &ti->error))
		return -EINVAL;

	while (argc) {
		word = dm_shift_arg(as);
		argc--;

		if (!strcasecmp(word, "queue_mode") && argc) {
			word = dm_shift_arg(as);
			argc--;
			if (!strcasecmp(word, "bio"))
				continue;
			if (!strcasecmp(word, "rq") || !strcasecmp(word, "mq"))
				ti->error = "queue_mode rq/mq not supported: mpath2 is bio-based";
			else
				ti->error = "Unknown 'queue_mode' requested";
			return -EINVAL;
		}
		if (!strcasecmp(word, "queue_if_no_path")) {
			m->queueing = MPATH2_QUEUE_HOLD;
			continue;
		}
		if (!strcasecmp(word, "no_path_timeout") && argc) {
			if (dm_read_arg(&timeout, as, &m->no_path_timeout,
					&ti->error))
				return -EINVAL;
			argc--;
			continue;
		}
		if (!strcasecmp(word, "failback") && argc) {
			r = parse_failback(dm_shift_arg(as), m);
			argc--;
			if (r)
				return r;
			continue;
		}
		if (!strcasecmp(word, "hold_down") && argc >= 3) {
			r = parse_hold_down(as, m);
			argc -= 3;
			if (r)
				return r;
			continue;
		}
		if (!strcasecmp(word, "pg_init_retries") && argc) {
			if (dm_read_arg(&retries, as, &m->pg_init_retries,
					&ti->error))
				return -EINVAL;
			argc--;
			continue;
		}
		if (!strcasecmp(word, "pg_init_delay_msecs") && argc) {
			if (dm_read_arg(&delay, as, &m->pg_init_delay_msecs,
					&ti->error))
				return -EINVAL;
			argc--;
			continue;
		}
		/*
		 * Kept from dm-multipath's grammar, where it also no longer
		 * has any effect: mpath2 never attaches the kernel's scsi_dh
		 * handlers, so there is nothing to retain.
		 */
		if (!strcasecmp(word, "retain_attached_hw_handler"))
			continue;
		ti->error = "Unrecognised multipath feature request";
		return -EINVAL;
	}
	return 0;
}

/* @argc words joined by single spaces, in a new string. */
static char *kstrdup_words(unsigned int argc, char **argv)
{
	size_t len = 0, off = 0;
	unsigned int i;
	char *s;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = kmalloc(len, GFP_KERNEL);
	if (!s)
		return NULL;
	for (i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		memcpy(s + off, argv[i], n);
		off += n;
		s[off++] = i + 1 < argc ? ' ' : '\0';
	}
	return s;
}

static int parse_hw_handler(struct dm_arg_set *as, struct mpath2 *m)
{
	static const struct dm_arg count = {
		0, MPATH2_MAX_ARGS, "invalid number of hardware handler args"
	};
	const struct mpath2_hw_handler_type *hw;
	struct dm_target *ti = m->ti;
	unsigned int argc;
	int r;

	if (dm_read_arg_group(&count, as, &argc, &ti->error))
		return -EINVAL;
	if (!argc)
		return 0;

	hw = mpath2_hw_handler_find(dm_shift_arg(as));
	if (!hw) {
		ti->error = "unknown hardware handler";
		return -EINVAL;
	}
	argc--;
	if (hw->create) {
		r = hw->create(m, argc, as->argv, &ti->error);
		if (r)
			return r;
	} else if (argc) {
		ti->error = "hardware handler takes no arguments";
		return -EINVAL;
	}
	m->hw = hw;
	/* Shown back by `dmsetup table` as given. */
	if (argc) {
		m->hw_args = kstrdup_words(argc, as->argv);
		if (!m->hw_args) {
			ti->error = "couldn't allocate hardware handler args";
			return -ENOMEM;
		}
		m->hw_argc = argc;
	}
	dm_consume_args(as, argc);
	return 0;
}

static int parse_selector(struct dm_arg_set *as, struct mpath2_pg *pg,
			  struct dm_target *ti)
{
	static const struct dm_arg count = {
		0, MPATH2_MAX_ARGS, "invalid number of selector args"
	};
	const struct mpath2_selector_type *type;
	unsigned int argc;
	int r;

	type = mpath2_selector_find(dm_shift_arg(as));
	if (!type) {
		ti->error = "unknown path selector type";
		return -EINVAL;
	}
	if (dm_read_arg_group(&count, as, &argc, &ti->error))
		return -EINVAL;

	r = type->create(&pg->ps, argc, as->argv, &ti->error);
	if (r)
		return r;
	pg->ps.type = type;
	dm_consume_args(as, argc);
	return 0;
}

/*
 * All paths lead to one LUN. Each must hold the whole map, but may be
 * larger: while a LUN grows online, the paths that have rescanned already
 * show the new size and the others the old one, and that is exactly the
 * table a resize loads (the map's length, not the paths', says how much
 * is used). A path smaller than the map, or a logical block size that
 * differs from the first path's, is a wrong device. A path of size 0 is
 * not: that is a disk that has gone (del_gendisk() zeroes the capacity)
 * while the map still holds it, and the table that takes another path
 * out, or adds one, lists it until its own removal comes (see
 * parse_path()). dm core's area check passes size 0 for the same reason.
 */
static int check_same_lun(struct mpath2 *m, struct dm_dev *dev)
{
	struct block_device *bdev = dev->bdev;
	struct dm_target *ti = m->ti;

	if (bdev_nr_sectors(bdev) && bdev_nr_sectors(bdev) < ti->len) {
		ti->error = "path smaller than the map";
		return -EINVAL;
	}
	if (!m->path_lbs) {
		m->path_lbs = bdev_logical_block_size(bdev);
		return 0;
	}
	if (bdev_logical_block_size(bdev) != m->path_lbs) {
		ti->error = "paths differ in logical block size";
		return -EINVAL;
	}
	return 0;
}

static int cmp_devt(const void *a, const void *b)
{
	dev_t x = *(const dev_t *)a, y = *(const dev_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Is any block device listed twice? Sorted once the table is parsed:
 * O(n log n) for up to MPATH2_MAX_GROUPS x MPATH2_MAX_PATHS paths, where
 * comparing each new path with all earlier ones was O(n^2).
 */
static int check_no_duplicates(struct mpath2 *m)
{
	unsigned int g, p, n = 0, i;
	dev_t *devs;
	int r = 0;

	for (g = 0; g < m->nr_pgs; g++)
		n += m->pgs[g].nr_paths;
	if (n < 2)
		return 0;
	devs = kvmalloc_array(n, sizeof(*devs), GFP_KERNEL);
	if (!devs) {
		m->ti->error = "couldn't allocate the path check";
		return -ENOMEM;
	}
	n = 0;
	for (g = 0; g < m->nr_pgs; g++)
		for (p = 0; p < m->pgs[g].nr_paths; p++)
			devs[n++] = m->pgs[g].paths[p].dev->bdev->bd_dev;
	sort(devs, n, sizeof(*devs), cmp_devt, NULL);
	for (i = 1; i < n; i++) {
		if (devs[i] == devs[i - 1]) {
			m->ti->error = "path device listed more than once";
			r = -EINVAL;
			break;
		}
	}
	kvfree(devs);
	return r;
}

static int parse_path(struct dm_arg_set *as, unsigned int nr_args,
		      struct mpath2_path *path, struct dm_target *ti)
{
	struct mpath2 *m = ti->private;
	struct mpath2_pg *pg = path->pg;
	struct dm_dev *dev;
	int r;

	if (as->argc < 1 + nr_args) {
		ti->error = "not enough path parameters";
		return -EINVAL;
	}
	r = dm_get_device(ti, dm_shift_arg(as), dm_table_get_mode(ti->table),
			  &dev);
	if (r) {
		ti->error = "error getting device";
		return r;
	}
	r = check_same_lun(m, dev);
	if (r) {
		dm_put_device(ti, dev);
		return r;
	}
	path->dev = dev;
	if (mpath2_alloc_path_stats(path)) {
		ti->error = "couldn't allocate path statistics";
		return -ENOMEM;
	}

	r = pg->ps.type->add_path(&pg->ps, path, nr_args, as->argv, &ti->error);
	if (r)
		return r;
	dm_consume_args(as, nr_args);

	/* A disk that has gone (check_same_lun()) starts failed, as it is. */
	if (!bdev_nr_sectors(dev->bdev)) {
		if (pg->ps.type->fail_path)
			pg->ps.type->fail_path(&pg->ps, path);
		path->fail_count = 1;
		return 0;
	}
	path->active = true;
	pg->nr_active++;
	atomic_inc(&m->nr_active);
	return 0;
}

static int parse_group(struct dm_arg_set *as, struct mpath2_pg *pg,
		       struct dm_target *ti)
{
	static const struct dm_arg args[] = {
		{1, MPATH2_MAX_PATHS, "invalid number of paths"},
		{0, MPATH2_MAX_ARGS, "invalid number of selector args"},
	};
	unsigned int nr_paths, nr_args, i;
	int r;

	if (as->argc < 2) {
		ti->error = "not enough priority group arguments";
		return -EINVAL;
	}
	r = parse_selector(as, pg, ti);
	if (r)
		return r;

	if (dm_read_arg(&args[0], as, &nr_paths, &ti->error) ||
	    dm_read_arg(&args[1], as, &nr_args, &ti->error))
		return -EINVAL;

	pg->paths = kcalloc(nr_paths, sizeof(*pg->paths), GFP_KERNEL);
	if (!pg->paths) {
		ti->error = "couldn't allocate paths";
		return -ENOMEM;
	}
	for (i = 0; i < nr_paths; i++) {
		struct mpath2_path *path = &pg->paths[i];

		path->pg = pg;
		path->index = i;
		/* Counted first so that unwinding sees a partly built path. */
		pg->nr_paths++;
		r = parse_path(as, nr_args, path, ti);
		if (r)
			return r;
	}
	return 0;
}

int mpath2_parse_table(struct mpath2 *m, unsigned int argc, char **argv)
{
	static const struct dm_arg args[] = {
		{0, MPATH2_MAX_GROUPS, "invalid number of priority groups"},
		{0, MPATH2_MAX_GROUPS, "invalid initial priority group number"},
	};
	struct dm_target *ti = m->ti;
	struct dm_arg_set as = { .argc = argc, .argv = argv };
	unsigned int nr_pgs, initial;
	int r;

	r = parse_features(&as, m);
	if (r)
		return r;
	r = parse_hw_handler(&as, m);
	if (r)
		return r;

	if (dm_read_arg(&args[0], &as, &nr_pgs, &ti->error) ||
	    dm_read_arg(&args[1], &as, &initial, &ti->error))
		return -EINVAL;
	if (!nr_pgs != !initial || initial > nr_pgs) {
		ti->error = "invalid initial priority group";
		return -EINVAL;
	}

	if (nr_pgs) {
		m->pgs = kcalloc(nr_pgs, sizeof(*m->pgs), GFP_KERNEL);
		if (!m->pgs) {
			ti->error = "couldn't allocate priority groups";
			return -ENOMEM;
		}
	}
	while (as.argc) {
		struct mpath2_pg *pg;

		if (m->nr_pgs == nr_pgs) {
			ti->error = "priority group count mismatch";
			return -EINVAL;
		}
		pg = &m->pgs[m->nr_pgs++];
		pg->m = m;
		pg->num = m->nr_pgs;
		r = parse_group(&as, pg, ti);
		if (r)
			return r;
	}
	if (m->nr_pgs != nr_pgs) {
		ti->error = "priority group count mismatch";
		return -EINVAL;
	}
	r = check_no_duplicates(m);
	if (r)
		return r;
	if (initial)
		m->next_pg = &m->pgs[initial - 1];
	return 0;
}

/* Release whatever mpath2_parse_table() built, complete or not. */
void mpath2_free_groups(struct mpath2 *m)
{
	unsigned int g, p;

	for (g = 0; g < m->nr_pgs; g++) {
		struct mpath2_pg *pg = &m->pgs[g];

		for (p = 0; p < pg->nr_paths; p++) {
			if (pg->paths[p].dev)
				dm_put_device(m->ti, pg->paths[p].dev);
			mpath2_free_path_stats(&pg->paths[p]);
		}
		kfree(pg->paths);
		if (pg->ps.type)
			pg->ps.type->destroy(&pg->ps);
	}
	kfree(m->pgs);
	m->pgs = NULL;
	m->nr_pgs = 0;
	if (m->hw && m->hw->destroy)
		m->hw->destroy(m);
	m->hw = NULL;
	kfree(m->hw_args);
	m->hw_args = NULL;
	m->hw_argc = 0;
}
