# Plot how time and size grow with the number of rows, from the growth.dat
# that bench/report.sql writes.  bench/run runs it as
#     gnuplot -e "folder='DIR'" bench/growth.gp
# and it writes DIR/growth.png.
#
# growth.dat has one block per measurement, in the order of report.sql's
# metric table: 0 COPY in, 1 COPY out, 2 table size, 3 index build,
# 4 index size, 5 ORDER BY, 6 GROUP BY birth year, 7 GROUP BY province.
# Columns: rows, then bigint, citizen_id, text_check, varchar_domain, char12.
# citizen_id is dashed, because it often lies on top of bigint.

set terminal pngcairo size 1200,1250 font ",10"
set output folder . "/growth.png"
data = folder . "/growth.dat"

set logscale xy
set format x "10^{%L}"
set grid
set key top left
set xlabel "rows"

labels = "bigint citizen\\_id text+CHECK varchar(12)+PL/pgSQL char(12)"
set style line 1 lc rgb "#555555" lw 2 pt 7
set style line 2 lc rgb "#d62728" lw 2 pt 5 dt 2
set style line 3 lc rgb "#1f77b4" lw 2 pt 9
set style line 4 lc rgb "#2ca02c" lw 2 pt 11
set style line 5 lc rgb "#9467bd" lw 2 pt 13

set multiplot layout 3,2 title "civid benchmark: growth with the number of rows (median of the repetitions)"

set title "COPY in"
set ylabel "seconds"
plot for [c=2:6] data index 0 using 1:c with linespoints ls (c - 1) title word(labels, c - 1)

set title "btree index build (unique)"
plot for [c=2:6] data index 3 using 1:c with linespoints ls (c - 1) title word(labels, c - 1)

set title "ORDER BY id (sort of all rows)"
plot for [c=2:6] data index 5 using 1:c with linespoints ls (c - 1) title word(labels, c - 1)

set title "GROUP BY birth year"
plot for [c=2:6] data index 6 using 1:c with linespoints ls (c - 1) title word(labels, c - 1)

set title "table size"
set ylabel "MiB"
plot for [c=2:6] data index 2 using 1:c with linespoints ls (c - 1) title word(labels, c - 1)

set title "index size"
plot for [c=2:6] data index 4 using 1:c with linespoints ls (c - 1) title word(labels, c - 1)

unset multiplot
