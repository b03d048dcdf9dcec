// SPDX-License-Identifier: GPL-2.0-only
/*
 * Real mapped devices for mpath2's KUnit suites, built the way dm-ioctl's
 * table load and resume build them, plus synchronous block I/O helpers.
 */
#include <linux/bio.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "dm.h"
#include "dm-core.h"
#include "mpath2_test.h"

#define TEST_MODE (FMODE_READ | FMODE_WRITE)	/* the map's bdev */

#if TEST_KERNEL_SINCE(6, 9)
/*
 * 6.1's blkdev_get_by_dev() / blkdev_put() on kernels where an opened block
 * device is a struct file (test_compat.h): each open file is kept, with
 * the mode it was opened with, until the blkdev_put() of its device.
 */
struct test_bdev_file {
	struct list_head list;
	struct file *file;
	fmode_t mode;
};

static LIST_HEAD(test_bdev_files);
static DEFINE_MUTEX(test_bdev_files_lock);

struct block_device *test_blkdev_get_by_dev(dev_t devt, fmode_t mode,
					    void *holder)
{
	blk_mode_t bmode = 0;
	struct test_bdev_file *f;
	struct file *file;

	if (mode & FMODE_READ)
		bmode |= BLK_OPEN_READ;
	if (mode & FMODE_WRITE)
		bmode |= BLK_OPEN_WRITE;
	f = kmalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return ERR_PTR(-ENOMEM);
	file = bdev_file_open_by_dev(devt, bmode, holder, NULL);
	if (IS_ERR(file)) {
		kfree(f);
		return ERR_CAST(file);
	}
	f->file = file;
	f->mode = mode;
	mutex_lock(&test_bdev_files_lock);
	list_add(&f->list, &test_bdev_files);
	mutex_unlock(&test_bdev_files_lock);
	return file_bdev(file);
}

void test_blkdev_put(struct block_device *bdev, fmode_t mode)
{
	struct test_bdev_file *f, *found = NULL;

	mutex_lock(&test_bdev_files_lock);
	list_for_each_entry(f, &test_bdev_files, list) {
		if (file_bdev(f->file) == bdev && f->mode == mode) {
			list_del(&f->list);
			found = f;
			break;
		}
	}
	mutex_unlock(&test_bdev_files_lock);
	/* A put without its get is a test bug: the kernel-log scan sees it. */
	if (WARN_ON_ONCE(!found))
		return;
	bdev_fput(found->file);
	kfree(found);
}
#endif

/* Build a one-target table; on a ctr failure report its ti->error. */
static int build_table(struct mapped_device *md, const char *type,
		       const char *params, struct dm_table **result,
		       const char **error)
{
	struct dm_table *t;
	char *buf;
	int r;

	if (error)
		*error = NULL;
	r = dm_table_create(&t, TEST_TABLE_MODE, 1, md);
	if (r)
		return r;
	/* dm_table_add_target() splits the params in place. */
	buf = kstrdup(params, GFP_KERNEL);
	if (!buf) {
		dm_table_destroy(t);
		return -ENOMEM;
	}
	r = dm_table_add_target(t, type, 0, TEST_DEV_SECTORS, buf);
	kfree(buf);
	if (r) {
		/* The failed target stays in the array, unused, until destroy. */
		if (error)
			*error = t->targets[t->num_targets].error;
		dm_table_destroy(t);
		return r;
	}
	r = dm_table_complete(t);
	if (r) {
		dm_table_destroy(t);
		return r;
	}
	*result = t;
	return 0;
}

static int swap_in(struct mapped_device *md, struct dm_table *t)
{
	struct dm_table *old;
	int r;

	if (!dm_suspended_md(md)) {
		r = dm_suspend(md, 0);
		if (r)
			return r;
	}
	old = dm_swap_table(md, t);
	if (IS_ERR(old))
		return PTR_ERR(old);
	if (old)
		dm_table_destroy(old);
	return dm_resume(md);
}

int test_dm_create(struct test_dm *d, const char *type, const char *params,
		   const char **error)
{
	struct dm_table *t;
	dev_t devt;
	int r;

	memset(d, 0, sizeof(*d));
	r = dm_create(DM_ANY_MINOR, &d->md);
	if (r)
		return r;
	r = build_table(d->md, type, params, &t, error);
	if (r)
		goto destroy_md;

	/*
	 * dm_setup_md_queue() sets the device's type itself once the queue
	 * and disk are set up, as dm-ioctl's first table load expects: in 7.x
	 * (which has no dm_set_md_type() any more) and in 6.1.192, whose
	 * dm-ioctl no longer calls dm_set_md_type() either.
	 */
	dm_lock_md_type(d->md);
	r = dm_setup_md_queue(d->md, t);
	dm_unlock_md_type(d->md);
	if (r)
		goto destroy_table;
	r = swap_in(d->md, t);
	if (r)
		goto destroy_md;

	devt = disk_devt(dm_disk(d->md));
	snprintf(d->devt, sizeof(d->devt), "%u:%u", MAJOR(devt), MINOR(devt));
	d->bdev = blkdev_get_by_dev(devt, TEST_MODE, NULL);
	if (IS_ERR(d->bdev)) {
		r = PTR_ERR(d->bdev);
		d->bdev = NULL;
		goto destroy_md;
	}
	return 0;

destroy_table:
	dm_table_destroy(t);
destroy_md:
	dm_put(d->md);
	dm_destroy(d->md);
	d->md = NULL;
	return r;
}

int test_dm_reload(struct test_dm *d, const char *type, const char *params,
		   const char **error)
{
	struct dm_table *t;
	int r;

	r = build_table(d->md, type, params, &t, error);
	if (r)
		return r;
	r = swap_in(d->md, t);
	if (r)
		dm_table_destroy(t);
	return r;
}

void test_dm_destroy(struct test_dm *d)
{
	if (!d->md)
		return;
	if (d->bdev)
		blkdev_put(d->bdev, TEST_MODE);
	dm_put(d->md);
	dm_destroy(d->md);
	memset(d, 0, sizeof(*d));
}

int test_dm_try_table_on(struct mapped_device *md, const char *type,
			 const char *params, const char **error)
{
	struct dm_table *t;
	int r;

	r = build_table(md, type, params, &t, error);
	if (!r)
		dm_table_destroy(t);
	return r;
}

int test_dm_try_table(const char *type, const char *params,
		      const char **error)
{
	struct mapped_device *md;
	int r;

	r = dm_create(DM_ANY_MINOR, &md);
	if (r)
		return r;
	r = test_dm_try_table_on(md, type, params, error);
	dm_put(md);
	dm_destroy(md);
	return r;
}

struct dm_target *test_dm_target(struct test_dm *d)
{
	struct dm_target *ti = NULL;
	struct dm_table *t;
	int srcu_idx;

	t = dm_get_live_table(d->md, &srcu_idx);
	if (t)
		ti = dm_table_get_target(t, 0);
	dm_put_live_table(d->md, srcu_idx);
	return ti;
}

void test_dm_status(struct test_dm *d, status_type_t type, char *buf,
		    unsigned int len)
{
	struct dm_target *ti;
	struct dm_table *t;
	int srcu_idx;

	buf[0] = '\0';
	t = dm_get_live_table(d->md, &srcu_idx);
	if (t) {
		ti = dm_table_get_target(t, 0);
		ti->type->status(ti, type, 0, buf, len);
	}
	dm_put_live_table(d->md, srcu_idx);
}

sector_t test_dm_set_capacity(struct test_dm *d, sector_t sectors)
{
	sector_t was = get_capacity(dm_disk(d->md));

	set_capacity(dm_disk(d->md), sectors);
	return was;
}

int test_dm_message(struct test_dm *d, const char *msg)
{
	return test_dm_message_result(d, msg, NULL, 0);
}

int test_dm_message_result(struct test_dm *d, const char *msg, char *result,
			   unsigned int maxlen)
{
	char *buf, *argv[8], *p, *word;
	struct dm_target *ti;
	struct dm_table *t;
	unsigned int argc = 0;
	int srcu_idx, r;

	buf = kstrdup(msg, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = buf;
	while ((word = strsep(&p, " ")) && argc < ARRAY_SIZE(argv))
		if (*word)
			argv[argc++] = word;

	t = dm_get_live_table(d->md, &srcu_idx);
	if (t) {
		ti = dm_table_get_target(t, 0);
		if (result)
			result[0] = '\0';
		r = ti->type->message(ti, argc, argv, result, maxlen);
	} else {
		r = -ENXIO;
	}
	dm_put_live_table(d->md, srcu_idx);
	kfree(buf);
	return r;
}

int test_bdev_rw(struct block_device *bdev, blk_opf_t op, sector_t sector,
		 struct page *page)
{
	struct bio *bio;
	int r;

	bio = bio_alloc(bdev, 1, op, GFP_KERNEL);
	bio->bi_iter.bi_sector = sector;
	if (page)
		__bio_add_page(bio, page, PAGE_SIZE, 0);
	r = submit_bio_wait(bio);
	bio_put(bio);
	return r;
}

int test_dm_rw(struct test_dm *d, blk_opf_t op, sector_t sector,
	       struct page *page)
{
	return test_bdev_rw(d->bdev, op, sector, page);
}

void test_table_case_desc(const struct test_table_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "'%s'", c->params);
}

void test_table_case_check(struct kunit *test, const struct test_table_case *c,
			   bool einval)
{
	const char *error;
	int r;

	r = test_dm_try_table("mpath2", c->params, &error);
	if (!c->error) {
		KUNIT_EXPECT_EQ_MSG(test, r, 0, "refused: %s", error);
		return;
	}
	KUNIT_EXPECT_LT(test, r, 0);
	if (einval)
		KUNIT_EXPECT_EQ(test, r, -EINVAL);
	KUNIT_ASSERT_NOT_NULL(test, error);
	KUNIT_EXPECT_STREQ(test, error, c->error);
}
