/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The checker ops the daemon gives its pool (checker.h): TUR and
 * directio through a device kept open across checks (tur_io.h,
 * directio_io.h), the WWID by INQUIRY (scsi_io.h).
 */
#ifndef MPATH2CTL_CHECKER_IO_H
#define MPATH2CTL_CHECKER_IO_H

#include "checkers/checker.h"

extern const struct checker_ops checker_io_kept_open;

#endif
