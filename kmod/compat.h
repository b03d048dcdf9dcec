/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2: the kernel API differences between the supported kernels.
 *
 * One source builds for Linux 6.1 (Debian 12), 6.12 (Debian 12 backports)
 * and 7.x (Debian sid); `make check-kernels` builds it against each with
 * W=1 and the guest smoke test runs it on each. Every API difference the
 * module meets is handled here and only here: the rest of the module is
 * written against the newest API and never tests a kernel version.
 *
 * A difference is detected by a compile probe (kmod/compat.mk), which
 * defines HAVE_<WHAT> when this kernel has the newer form; this file maps
 * the older form onto it. Probes, not LINUX_VERSION_CODE: distribution
 * and stable kernels backport API changes, so a version number says
 * little about what a kernel has.
 *
 * Probes:
 *
 * HAVE_WQ_PERCPU (compat/HAVE_WQ_PERCPU.c): the workqueue flag WQ_PERCPU,
 *   added in 6.17 (absent from 6.12's headers). Workqueues used to be
 *   per-CPU unless WQ_UNBOUND was given; the flag makes that explicit
 *   ahead of unbound becoming the default. 7.2 WARNs (with a call trace)
 *   at alloc_workqueue() when neither flag is given, then sets WQ_PERCPU.
 *   Where the flag is absent it is defined as 0 here, which selects the
 *   same per-CPU workqueue.
 *
 * HAVE_PREPARE_IOCTL_FORWARD (compat/HAVE_PREPARE_IOCTL_FORWARD.c): the
 *   target_type .prepare_ioctl callback gained the ioctl command, its
 *   argument and a "forward" flag (between 6.12 and 7.2, with dm-mpath's
 *   path-probing ioctl). mpath2 always forwards the ioctl to one path and
 *   needs only the first two, named the same in both:
 *   MPATH2_PREPARE_IOCTL_PARAMS is this kernel's parameter list.
 *
 * HAVE_SCSI_EXECUTE_CMD (compat/HAVE_SCSI_EXECUTE_CMD.c): SCSI commands of
 *   the ALUA handler. 6.2 replaced scsi_execute() (a macro over
 *   __scsi_execute() with a DMA direction, sense buffer and request flags)
 *   by scsi_execute_cmd() with an operation and struct scsi_exec_args.
 *   mpath2_scsi_exec() below is one call for both.
 *
 * HAVE_LINUX_UNALIGNED_H (compat/HAVE_LINUX_UNALIGNED_H.c): the unaligned
 *   accessors moved from <asm/unaligned.h> to <linux/unaligned.h> in 6.12
 *   (the old header is gone since). Include "compat.h" for them.
 *
 * Not a probe: scsi_device_from_queue() went away after 6.12; the ALUA
 *   handler finds a path's SCSI device as the parent of its disk's device
 *   (scsi_is_sdev_device() tells), which works on all three.
 *
 * Checked, nothing needed (6.1.0-56, 6.12.95+deb12, 7.2.13+deb14):
 *
 * - dm_get_device(): its mode is fmode_t in 6.1, blk_mode_t since 6.5.
 *   mpath2 passes dm_table_get_mode(), whose type follows.
 * - bio_integrity() and struct bio_integrity_payload: in <linux/bio.h> in
 *   6.1, in <linux/bio-integrity.h> since 6.10; <linux/blk-integrity.h>,
 *   which mpath2 includes, provides them in all three. bio->bi_integrity
 *   and bip_iter are unchanged.
 * - The target_type callbacks mpath2 implements, the dm_target fields it
 *   sets, DM_TARGET_PASSES_INTEGRITY, the bio fields io.c saves and
 *   restores, blk_path_error() and submit_bio_noacct(): unchanged.
 * - Timers: mpath2 uses delayed work only, so the renames of 6.15/6.16
 *   (del_timer*() -> timer_delete*(), from_timer() -> timer_container_of())
 *   do not reach it. MODULE_IMPORT_NS() takes a string since 6.13: the
 *   module imports no namespace.
 */
#ifndef MPATH2_COMPAT_H
#define MPATH2_COMPAT_H

#include <linux/device-mapper.h>
#include <linux/workqueue.h>
#include <scsi/scsi_device.h>

#ifndef HAVE_WQ_PERCPU
#define WQ_PERCPU 0
#endif

/* The parameters of this kernel's .prepare_ioctl callback. */
#ifdef HAVE_PREPARE_IOCTL_FORWARD
#define MPATH2_PREPARE_IOCTL_PARAMS struct dm_target *ti,		\
	struct block_device **bdev, unsigned int cmd, unsigned long arg,	\
	bool *forward
#else
#define MPATH2_PREPARE_IOCTL_PARAMS struct dm_target *ti,		\
	struct block_device **bdev
#endif

#ifdef HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * Run one SCSI command on @sdev and wait for it: @cdb, @buf of @len bytes
 * read from the device (or written, if @to_dev), @timeout in jiffies, no
 * retries by the midlayer, fail fast on transport trouble. The result as
 * the midlayer gives it: 0, a negative errno, or a SCSI result with the
 * sense decoded into @sshdr when the device sent any.
 */
static inline int mpath2_scsi_exec(struct scsi_device *sdev, const u8 *cdb,
				   bool to_dev, void *buf, unsigned int len,
				   unsigned int timeout,
				   struct scsi_sense_hdr *sshdr)
{
	const blk_opf_t failfast = REQ_FAILFAST_DEV | REQ_FAILFAST_TRANSPORT |
				   REQ_FAILFAST_DRIVER;
#ifdef HAVE_SCSI_EXECUTE_CMD
	const struct scsi_exec_args args = { .sshdr = sshdr };

	return scsi_execute_cmd(sdev, cdb, (to_dev ? REQ_OP_DRV_OUT :
					    REQ_OP_DRV_IN) | failfast,
				buf, len, timeout, 0, &args);
#else
	return __scsi_execute(sdev, cdb, to_dev ? DMA_TO_DEVICE :
			      DMA_FROM_DEVICE, buf, len, NULL, sshdr, timeout,
			      0, failfast, 0, NULL);
#endif
}

/*
 * dm-multipath's path uevents (KOBJ_CHANGE on the map with DM_ACTION
 * PATH_FAILED or PATH_REINSTATED, DM_PATH, DM_NR_VALID_PATHS), which
 * multipathd and udev rules act on. dm_path_uevent() is exported by dm
 * core when CONFIG_DM_UEVENT is set (Debian's kernels), but its prototype
 * and event types live in drivers/md/dm-uevent.h, which the headers
 * package does not ship: declared here as every kernel since 2.6.25 has
 * them (checked against 6.1, 6.12 and 7.2). The events are queued on the
 * map and sent at its next dm_table_event().
 */
#if IS_ENABLED(CONFIG_DM_UEVENT)
enum dm_uevent_type {
	DM_UEVENT_PATH_FAILED,
	DM_UEVENT_PATH_REINSTATED,
};

void dm_path_uevent(enum dm_uevent_type event_type, struct dm_target *ti,
		    const char *path, unsigned int nr_valid_paths);
#define MPATH2_PATH_UEVENT(failed, ti, path, nr)			\
	dm_path_uevent((failed) ? DM_UEVENT_PATH_FAILED :		\
		       DM_UEVENT_PATH_REINSTATED, ti, path, nr)
#else
#define MPATH2_PATH_UEVENT(failed, ti, path, nr) do { } while (0)
#endif

#endif /* MPATH2_COMPAT_H */
