# SPDX-License-Identifier: GPL-2.0-only
# Plots of scripts/bench-guest.sh. Called as
#   gnuplot -e "base='build/bench/guest-<time>'; ncol=N; nidx=M" plot.gp
# reading <base>-iops.dat, <base>-paths.dat, <base>-failover.dat and
# writing <base>-iops.png, <base>-paths.png, <base>-failover.png.

set terminal pngcairo size 1500,700 font "sans,11" noenhanced
set datafile missing "nan"
set key outside right top
set grid ytics

# ---- IOPS by target (median), one cluster per variant ---------------------------
set output base."-iops.png"
set title "fio 4k, libaio, iodepth 32, numjobs = vCPUs, over null_blk (qemu TCG guest): median kIOPS"
set ylabel "kIOPS (median of interleaved repeats)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -30 nomirror
set yrange [0:*]
plot for [i=2:ncol] base."-iops.dat" using i:xtic(1) title columnheader(i)

# ---- IOPS by path count --------------------------------------------------------
set output base."-paths.png"
set title "path-count sweep, round-robin: median kIOPS (mpath2 vs dm-multipath queue_mode bio)"
unset style
set style data linespoints
set xtics norotate
set logscale x 2
set xlabel "paths"
set xtics (2, 4, 8, 16, 32, 64)
pcol = int(system("head -n1 ".base."-paths.dat | wc -w"))
plot for [i=2:pcol] base."-paths.dat" using 1:i title columnheader(i) lw 2 pt 7

# ---- latency around a failover -----------------------------------------------
set output base."-failover.png"
unset logscale x
set logscale y
set xtics auto
set title "failover under fio randread (2 paths, one starts returning EIO at t=0): worst latency of the I/Os completing in each ms"
set xlabel "ms from the start of the failing path's error-table resume"
set ylabel "max completion latency in the ms (ms)"
set yrange [*:*]
set xrange [-200:500]
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb "red"
titles = system("tr ' ' '-' < ".base."-failover.idx | tr '\n' ' '")
plot for [i=0:nidx-1] base."-failover.dat" index i using 1:($2 > 0 ? $3 : 1/0) \
	with steps lw 1.5 title word(titles, i + 1)
