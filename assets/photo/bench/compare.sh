#!/bin/sh
# compare.sh times our photo stage against libvips and ImageMagick on the same photos and
# the same job: every image in DIR scaled to WIDTH pixels wide (never enlarged, aspect kept)
# and written as a JPEG of quality Q; on 1 core and on 2 cores (taskset), best of N runs.
#
#   assets/photo/bench/compare.sh [-w WIDTH] [-q Q] [-n RUNS] [-c "1 2"] [-t "ours vips im"] DIR
#
# ours  photobench (photo.Processor.ProcessAll, one decode per core, no cache)
# vips  vipsthumbnail (libvips's thumbnail operation, as `vips thumbnail` runs it; Debian's
#       libvips-tools), one process per core over its share of the files, one thread each,
#       so that neither side pays for starting a process per photo
# im    ImageMagick's convert -resize WIDTHx (convert on the PATH, or $CONVERT), one
#       process per photo, as many at once as cores, one thread each
#
# Prints wall time, CPU time (user+sys), megapixels of input per wall second, the output
# size, our time over each tool's on the same cores, and each tool's 2-core speed-up.
# Needs GNU time (/usr/bin/time) and taskset (util-linux).
set -eu

width=1200
quality=85
runs=3
cores="1 2"
tools="ours vips im"
while getopts w:q:n:c:t: opt; do
	case $opt in
	w) width=$OPTARG ;;
	q) quality=$OPTARG ;;
	n) runs=$OPTARG ;;
	c) cores=$OPTARG ;;
	t) tools=$OPTARG ;;
	*) sed -n '2,9p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] && [ -d "$1" ] || { sed -n '2,9p' "$0" >&2; exit 2; }
dir=$(cd "$1" && pwd)

root=$(cd "$(dirname "$0")/../../.." && pwd)
convert=${CONVERT:-$(command -v convert || true)} # ImageMagick 6's convert
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

for t in $tools; do
	case $t in
	ours) ;;
	vips) command -v vipsthumbnail >/dev/null || { echo "compare.sh: vipsthumbnail not found (apt-get install libvips-tools)" >&2; exit 1; } ;;
	im) [ -n "$convert" ] || { echo "compare.sh: convert not found (apt-get install imagemagick)" >&2; exit 1; } ;;
	*) echo "compare.sh: unknown tool $t" >&2; exit 2 ;;
	esac
done

ls "$dir" | grep -iE '\.(jpe?g|png|webp)$' | sed "s|^|$dir/|" >"$work/files"
nfiles=$(wc -l <"$work/files")
[ "$nfiles" -gt 0 ] || { echo "compare.sh: no images in $dir" >&2; exit 1; }
# Megapixels of input, from the headers.
(cd "$root" && go build -o "$work/photobench" ./assets/photo/bench/photobench)
mp=$("$work/photobench" -megapixels $(cat "$work/files"))
echo "compare.sh: $nfiles images, $mp MP, from $dir, to ${width} px wide at quality $quality, best of $runs"

cpulist() { # the first n CPUs, for taskset
	seq 0 $(($1 - 1)) | paste -sd, -
}

# run TOOL CORES OUT: one timed run, printing "wall cpu".
run() {
	tool=$1 n=$2 out=$3
	rm -rf "$out" && mkdir -p "$out"
	per=$(((nfiles + n - 1) / n))
	case $tool in
	ours) set -- "$work/photobench" -width "$width" -quality "$quality" -out "$out" $(cat "$work/files") ;;
	vips) set -- sh -c 'xargs -P "$1" -n "$2" env VIPS_CONCURRENCY=1 vipsthumbnail -s "$3x100000" -o "$4/%s.jpg[Q=$5,strip]" <"$6"' \
		sh "$n" "$per" "$width" "$out" "$quality" "$work/files" ;;
	im) set -- sh -c 'xargs -P "$1" -I{} sh -c "MAGICK_THREAD_LIMIT=1 \"$6\" \"\$1\" -resize \"$2x>\" -quality $3 \"$4/\$(basename \"\$1\").jpg\"" sh {} <"$5"' \
		sh "$n" "$width" "$quality" "$out" "$work/files" "$convert" ;;
	esac
	/usr/bin/time -f '%e %U %S' -o "$work/time" taskset -c "$(cpulist "$n")" "$@" >/dev/null
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/time"
}

printf '%-5s %5s %8s %8s %8s %9s\n' tool cores wall-s cpu-s MP/s out-MB
for n in $cores; do
	for t in $tools; do
		best=
		for _ in $(seq "$runs"); do
			r=$(run "$t" "$n" "$work/out-$t")
			w=${r% *}
			if [ -z "$best" ] || awk "BEGIN { exit !($w < ${best% *}) }"; then best=$r; fi
		done
		bytes=$(du -sb "$work/out-$t" | cut -f1)
		echo "$t $n $best" >>"$work/results"
		printf '%-5s %5s %8s %8s %8.1f %9.1f\n' "$t" "$n" "${best% *}" "${best#* }" \
			"$(awk "BEGIN { print $mp / ${best% *} }")" "$(awk "BEGIN { print $bytes / 1e6 }")"
	done
done

echo
echo "ratios (wall time; below 1 means ours is faster):"
awk '
	{ wall[$1, $2] = $3; cpu[$1, $2] = $4; if (!($2 in seen)) { seen[$2]; ns[++k] = $2 } if (!($1 in seent)) { seent[$1]; ts[++m] = $1 } }
	END {
		for (i = 1; i <= k; i++) for (j = 1; j <= m; j++) {
			n = ns[i]; t = ts[j]
			if (t != "ours" && ((t, n) in wall) && (("ours", n) in wall))
				printf "  ours / %-4s on %s core(s): %.2f wall, %.2f cpu\n", t, n, wall["ours", n] / wall[t, n], cpu["ours", n] / cpu[t, n]
		}
		for (j = 1; j <= m; j++) { t = ts[j]
			if (((t, 1) in wall) && ((t, 2) in wall))
				printf "  %-4s 2 cores / 1 core throughput: %.2f\n", t, wall[t, 1] / wall[t, 2]
		}
	}' "$work/results"
