// SPDX-License-Identifier: GPL-2.0-only
/*
 * "mpath2_test_path": a dm target used as a path under mpath2 in tests.
 * `<dev> <id>`: bios are counted in test_paths[id] and remapped to <dev>,
 * or, while test_paths[id].fail_with is set, completed with that status,
 * as a dead link (BLK_STS_IOERR, BLK_STS_TRANSPORT) or a medium error
 * (BLK_STS_MEDIUM) would complete them.
 */
#include <linux/module.h>

#include "mpath2_test.h"

#define DM_MSG_PREFIX "mpath2 test path"

struct test_path_ctl test_paths[TEST_PATH_IDS];

struct test_path {
	struct dm_dev *dev;
	struct test_path_ctl *ctl;
};

static int tp_ctr(struct dm_target *ti, unsigned int argc, char **argv)
{
	struct test_path *tp;
	unsigned int id;
	char dummy;
	int r;

	if (argc != 2 || sscanf(argv[1], "%u%c", &id, &dummy) != 1 ||
	    id >= TEST_PATH_IDS) {
		ti->error = "usage: <dev> <id>";
		return -EINVAL;
	}
	tp = kzalloc(sizeof(*tp), GFP_KERNEL);
	if (!tp)
		return -ENOMEM;
	r = dm_get_device(ti, argv[0], dm_table_get_mode(ti->table), &tp->dev);
	if (r) {
		kfree(tp);
		ti->error = "device lookup failed";
		return r;
	}
	tp->ctl = &test_paths[id];
	ti->private = tp;
	ti->num_flush_bios = 1;
	ti->num_discard_bios = 1;
	ti->num_write_zeroes_bios = 1;
	return 0;
}

static void tp_dtr(struct dm_target *ti)
{
	struct test_path *tp = ti->private;

	dm_put_device(ti, tp->dev);
	kfree(tp);
}

static int tp_map(struct dm_target *ti, struct bio *bio)
{
	struct test_path *tp = ti->private;
	blk_status_t fail_with = READ_ONCE(tp->ctl->fail_with);

	atomic_inc(&tp->ctl->bios);
	if (fail_with) {
		bio->bi_status = fail_with;
		bio_endio(bio);
		return DM_MAPIO_SUBMITTED;
	}
	bio_set_dev(bio, tp->dev->bdev);
	return DM_MAPIO_REMAPPED;
}

static int tp_iterate_devices(struct dm_target *ti,
			      iterate_devices_callout_fn fn, void *data)
{
	struct test_path *tp = ti->private;

	return fn(ti, tp->dev, 0, ti->len, data);
}

static struct target_type test_path_target = {
	.name = "mpath2_test_path",
	.version = {1, 0, 0},
	.module = THIS_MODULE,
	.ctr = tp_ctr,
	.dtr = tp_dtr,
	.map = tp_map,
	.iterate_devices = tp_iterate_devices,
};

static int test_path_users;

int test_path_register(void)
{
	if (test_path_users++)
		return 0;
	return dm_register_target(&test_path_target);
}

void test_path_unregister(void)
{
	if (!--test_path_users)
		dm_unregister_target(&test_path_target);
}

void test_paths_reset(void)
{
	unsigned int i;

	for (i = 0; i < TEST_PATH_IDS; i++) {
		atomic_set(&test_paths[i].bios, 0);
		WRITE_ONCE(test_paths[i].fail_with, BLK_STS_OK);
	}
}
