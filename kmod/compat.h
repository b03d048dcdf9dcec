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

#endif /* MPATH2_COMPAT_H */
