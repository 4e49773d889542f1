;; Teddy-style multi-needle search (after Hyperscan/ripgrep's Teddy): every needle is assigned
;; one of 8 buckets; for the three bytes at p, p+1, p+2 a lane survives only if each byte's low and
;; high nibbles are both allowed for some common bucket. Survivors are candidate anchors, verified
;; here against the whole needle: JavaScript only ever sees lines that hold a needle.
;; Memory layout (set by the caller, teddy.ts):
;;   0..95      six 16-byte nibble tables: lo0 hi0 lo1 hi1 lo2 hi2
;;   96..127    two 16-byte class tables for token-character runs: lo hi (a byte is in the class
;;              when lo[b & 15] & hi[b >> 4] is not 0)
;;   128..143   unused
;;   144..147   `lines` result: newlines in the block
;;   148..151   `lines` result: lines holding a needle of the $count groups
;;   152..155   1 when the last block `lines` searched had under 2 newlines per KiB or, with a shape, ended in CRLF lines; else 0
;;   160..223   8 buckets: (first needle record, record count) as i32 pairs
;;   224..16607 needle records (1024 x 16 bytes), each bucket's sorted by anchor: k (anchor offset in
;;              the needle) | length << 16, the anchor's 3 bytes as a little-endian i32, bytes at,
;;              group bits (1..255: what a line holding the needle is reported for)
;;   16608..32767 needle bytes
;;   32768..    the data: a block copied in (teddy.ts), or read in place into a buffer of this
;;              memory (teddy-kernel.ts); what lies around it is read but never counts. The
;;              output follows it, or has its own area.
(module
  (memory (export "memory") 1)

  ;; The group bits of every record in the buckets of $mask whose whole needle matches with its
  ;; anchor at $p (0: none). A bucket's records are sorted by anchor: most candidates are false (a
  ;; nibble mix of the bucket's anchors) or another needle's anchor, and are passed by one compare of
  ;; the three bytes at $p per record, up to the first record with a greater anchor.
  (func $verify (param $p i32) (param $mask i32) (param $ptr i32) (param $end i32) (result i32)
    (local $b i32) (local $r i32) (local $last i32) (local $rec i32) (local $begin i32) (local $len i32)
    (local $at i32) (local $i i32) (local $found i32) (local $tri i32) (local $a i32)
    (local.set $tri (i32.and (i32.load (local.get $p)) (i32.const 0xffffff)))
    (loop $bucket
      (local.set $b (i32.ctz (local.get $mask)))
      (local.set $r (i32.load offset=160 (i32.shl (local.get $b) (i32.const 3))))
      (local.set $last (i32.add (local.get $r) (i32.load offset=164 (i32.shl (local.get $b) (i32.const 3)))))
      (block $records_done
        (loop $record
          (br_if $records_done (i32.ge_u (local.get $r) (local.get $last)))
          (local.set $rec (i32.add (i32.const 224) (i32.shl (local.get $r) (i32.const 4))))
          (local.set $a (i32.load offset=4 (local.get $rec)))
          (br_if $records_done (i32.gt_u (local.get $a) (local.get $tri)))
          (if (i32.eq (local.get $a) (local.get $tri))
            (then
              (local.set $begin (i32.sub (local.get $p) (i32.and (i32.load (local.get $rec)) (i32.const 0xffff))))
              (local.set $len (i32.shr_u (i32.load (local.get $rec)) (i32.const 16)))
              (if (i32.and
                    (i32.ge_u (local.get $begin) (local.get $ptr))
                    (i32.le_u (i32.add (local.get $begin) (local.get $len)) (local.get $end)))
                (then
                  (local.set $at (i32.load offset=8 (local.get $rec)))
                  (local.set $i (i32.const 0))
                  (block $differs
                    (loop $byte
                      (br_if $differs (i32.ne
                        (i32.load8_u (i32.add (local.get $begin) (local.get $i)))
                        (i32.load8_u (i32.add (local.get $at) (local.get $i)))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br_if $byte (i32.lt_u (local.get $i) (local.get $len))))
                    (local.set $found (i32.or (local.get $found) (i32.load offset=12 (local.get $rec)))))))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $record)))
      (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
      (br_if $bucket (local.get $mask)))
    (local.get $found))

  ;; The last newline before $q and not before $ptr, or $ptr - 1 when there is none: the start of
  ;; a line, once the skip loop passed newlines without placing them (16 bytes before $ptr are read).
  (func $last_newline (param $q i32) (param $ptr i32) (result i32)
    (local $m i32)
    (loop $back
      (if (i32.le_s (local.get $q) (local.get $ptr)) (then (return (i32.sub (local.get $ptr) (i32.const 1)))))
      (local.set $q (i32.sub (local.get $q) (i32.const 16)))
      (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $q)) (i8x16.splat (i32.const 10)))))
      (if (i32.lt_s (local.get $q) (local.get $ptr))
        (then (local.set $m (i32.and (local.get $m) (i32.shl (i32.const -1) (i32.sub (local.get $ptr) (local.get $q)))))))
      (if (local.get $m) (then (return (i32.sub (i32.add (local.get $q) (i32.const 31)) (i32.clz (local.get $m))))))
      (br $back))
    (unreachable))

  ;; A line starting at $s is empty: "\n", "\r\n", or a lone "\r" at the end of the data.
  (func $empty_at (param $s i32) (param $end i32) (result i32)
    (if (result i32) (i32.eq (i32.load8_u (local.get $s)) (i32.const 10))
      (then (i32.const 1))
      (else (i32.and
        (i32.eq (i32.load8_u (local.get $s)) (i32.const 13))
        (i32.or
          (i32.ge_u (i32.add (local.get $s) (i32.const 1)) (local.get $end))
          (i32.eq (i32.load8_u offset=1 (local.get $s)) (i32.const 10)))))))

  ;; Finds the lines of $ptr..$ptr+$len to decode: every line holding a needle; when $first is not
  ;; 0, every non-empty line that does not start with byte $first and end with byte $last (before
  ;; an optional \r); when $minRun is not 0 (it must be above 16), every line holding a run of at
  ;; least $minRun class bytes. Writes (line start relative to $ptr, 1-based line number | groups
  ;; << 24) i32 pairs at $out, one per line, ascending: groups ORs the group bits of the needles on
  ;; the line, and 1 for a run or a shape; returns how many; stores the block's newline count at
  ;; 144. Groups in $count are counted, not reported: a line holding one adds 1 to the count stored
  ;; at 148, and is reported only for its other groups. Stores at 152 whether the block's lines were
  ;; long or, with a shape, end in CRLF, which picks the loop of the next call (any loop gives the same results). $out must have room for one pair per
  ;; line; a block holds fewer than 2^24 lines. The bytes around the data are read but never
  ;; matter: one before $ptr and 48 after its end must be readable (in place, they are other lines).
  (func (export "lines") (param $ptr i32) (param $len i32) (param $out i32) (param $first i32) (param $last i32) (param $minRun i32) (param $count i32) (result i32)
    (local $i i32) (local $end i32) (local $n i32) (local $before i32) (local $lastNl i32) (local $lastLine i32)
    (local $nl i32) (local $cand i32) (local $bad i32) (local $work i32) (local $j i32) (local $below i32)
    (local $line i32) (local $start i32) (local $q i32) (local $e i32) (local $s i32) (local $report i32)
    (local $run i32) (local $tok i32) (local $lead i32) (local $runBits i32) (local $pair i32)
    (local $counted i32) (local $lastCounted i32) (local $lim i32)
    (local $clo v128) (local $chi v128) (local $vlo v128) (local $vhi v128)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128)
    (local $nib v128) (local $v v128) (local $m1 v128) (local $m2 v128) (local $a0 v128) (local $a1 v128)
    (local $t0p v128) (local $t1p v128) (local $e1 v128) (local $vnl v128) (local $vfirst v128) (local $vlast v128)
    (local $stop i32) (local $beforeKnown i32)
    (local.set $lo0 (v128.load offset=0 (i32.const 0)))
    (local.set $hi0 (v128.load offset=16 (i32.const 0)))
    (local.set $lo1 (v128.load offset=32 (i32.const 0)))
    (local.set $hi1 (v128.load offset=48 (i32.const 0)))
    (local.set $lo2 (v128.load offset=64 (i32.const 0)))
    (local.set $hi2 (v128.load offset=80 (i32.const 0)))
    (local.set $clo (v128.load offset=96 (i32.const 0)))
    (local.set $chi (v128.load offset=112 (i32.const 0)))
    (local.set $nib (i8x16.splat (i32.const 15)))
    (local.set $vnl (i8x16.splat (i32.const 10)))
    (local.set $vfirst (i8x16.splat (local.get $first)))
    (local.set $vlast (i8x16.splat (local.get $last)))
    (local.set $i (local.get $ptr))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (local.set $lastNl (i32.sub (local.get $ptr) (i32.const 1)))
    ;; The block's first line has no newline before it: check its start here.
    (if (i32.and (i32.ne (local.get $first) (i32.const 0)) (i32.lt_u (local.get $ptr) (local.get $end)))
      (then
        (if (i32.and
              (i32.eqz (call $empty_at (local.get $ptr) (local.get $end)))
              (i32.ne (i32.load8_u (local.get $ptr)) (local.get $first)))
          (then
            (i64.store (local.get $out) (i64.const 72057598332895232)) ;; (start 0, line 1, group 1)
            (local.set $n (i32.const 1))
            (local.set $lastLine (i32.const 1))))))
    (block $done
      (loop $next
        ;; 32 bytes a step. Each is looked up as a first, second and third anchor byte, and the
        ;; first- and second-byte results are shifted in from the vector before (a shuffle of two
        ;; vectors is one palignr), so lane j of $m1 ($m2) is an anchor that ENDS at byte $i + j
        ;; ($i + 16 + j). Most steps hold no candidate, no newline and no run end: the skip loops
        ;; pass them with nothing else live, and stop at the first step that holds one.
        (if (i32.eqz (local.get $minRun))
          (then
            (if (i32.and (i32.ne (local.get $first) (i32.const 0)) (i32.eqz (i32.load (i32.const 152))))
              (then
                ;; Lines of a shape: a newline stops the loop only when its line does not end in
                ;; $last or the next does not start with $first ("}\n{" passes), and the newlines
                ;; it passes are counted here ($lastNl is then found again when a line's start is
                ;; needed). Stopping at every newline, one a line, cost a mispredicted exit and the
                ;; way back each time (docs/performance.md). Each vector has its exit of its own
                ;; (one 32-byte body kept more vectors live than x64 has registers). The loop
                ;; passes whole steps only; the last, partial one goes to the lanes' work.
                (local.set $stop (i32.sub (local.get $end) (i32.const 32)))
                (block $counted
                  (block $hit
                    (block $hit1
                      (block $tail
                        (loop $skip
                          (br_if $tail (i32.gt_s (local.get $i) (local.get $stop)))
                          (local.set $v (v128.load (local.get $i)))
                          (local.set $vlo (v128.and (local.get $v) (local.get $nib)))
                          (local.set $vhi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nib)))
                          (local.set $a0 (v128.and
                            (i8x16.swizzle (local.get $lo0) (local.get $vlo))
                            (i8x16.swizzle (local.get $hi0) (local.get $vhi))))
                          (local.set $a1 (v128.and
                            (i8x16.swizzle (local.get $lo1) (local.get $vlo))
                            (i8x16.swizzle (local.get $hi1) (local.get $vhi))))
                          (local.set $m1 (v128.and
                            (v128.and
                              (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $t0p) (local.get $a0))
                              (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $t1p) (local.get $a1)))
                            (v128.and
                              (i8x16.swizzle (local.get $lo2) (local.get $vlo))
                              (i8x16.swizzle (local.get $hi2) (local.get $vhi)))))
                          (local.set $e1 (i8x16.eq (local.get $v) (local.get $vnl)))
                          (br_if $hit1 (v128.any_true (v128.or (local.get $m1)
                            (v128.andnot (local.get $e1) (v128.and
                              (i8x16.eq (v128.load offset=0 (i32.sub (local.get $i) (i32.const 1))) (local.get $vlast))
                              (i8x16.eq (v128.load offset=1 (local.get $i)) (local.get $vfirst)))))))
                          (local.set $before (i32.add (local.get $before) (i32.popcnt (i8x16.bitmask (local.get $e1)))))
                          (local.set $v (v128.load offset=16 (local.get $i)))
                          (local.set $vlo (v128.and (local.get $v) (local.get $nib)))
                          (local.set $vhi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nib)))
                          (local.set $t0p (v128.and
                            (i8x16.swizzle (local.get $lo0) (local.get $vlo))
                            (i8x16.swizzle (local.get $hi0) (local.get $vhi))))
                          (local.set $t1p (v128.and
                            (i8x16.swizzle (local.get $lo1) (local.get $vlo))
                            (i8x16.swizzle (local.get $hi1) (local.get $vhi))))
                          (local.set $m2 (v128.and
                            (v128.and
                              (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $a0) (local.get $t0p))
                              (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $a1) (local.get $t1p)))
                            (v128.and
                              (i8x16.swizzle (local.get $lo2) (local.get $vlo))
                              (i8x16.swizzle (local.get $hi2) (local.get $vhi)))))
                          (local.set $e1 (i8x16.eq (local.get $v) (local.get $vnl)))
                          (br_if $hit (v128.any_true (v128.or (local.get $m2)
                            (v128.andnot (local.get $e1) (v128.and
                              (i8x16.eq (v128.load offset=15 (local.get $i)) (local.get $vlast))
                              (i8x16.eq (v128.load offset=17 (local.get $i)) (local.get $vfirst)))))))
                          (local.set $before (i32.add (local.get $before) (i32.popcnt (i8x16.bitmask (local.get $e1)))))
                          (local.set $i (i32.add (local.get $i) (i32.const 32)))
                          (br $skip)))
                      ;; the block's last step, partial (or none)
                      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
                      (local.set $v (v128.load (local.get $i)))
                      (local.set $vlo (v128.and (local.get $v) (local.get $nib)))
                      (local.set $vhi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nib)))
                      (local.set $a0 (v128.and
                        (i8x16.swizzle (local.get $lo0) (local.get $vlo))
                        (i8x16.swizzle (local.get $hi0) (local.get $vhi))))
                      (local.set $a1 (v128.and
                        (i8x16.swizzle (local.get $lo1) (local.get $vlo))
                        (i8x16.swizzle (local.get $hi1) (local.get $vhi))))
                      (local.set $m1 (v128.and
                        (v128.and
                          (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $t0p) (local.get $a0))
                          (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $t1p) (local.get $a1)))
                        (v128.and
                          (i8x16.swizzle (local.get $lo2) (local.get $vlo))
                          (i8x16.swizzle (local.get $hi2) (local.get $vhi)))))
                      (local.set $e1 (i8x16.eq (local.get $v) (local.get $vnl)))
                      (br $hit1))
                    ;; stopped at the step's first vector: the second one's lookups, for the lanes
                    (local.set $v (v128.load offset=16 (local.get $i)))
                    (local.set $vlo (v128.and (local.get $v) (local.get $nib)))
                    (local.set $vhi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nib)))
                    (local.set $t0p (v128.and
                      (i8x16.swizzle (local.get $lo0) (local.get $vlo))
                      (i8x16.swizzle (local.get $hi0) (local.get $vhi))))
                    (local.set $t1p (v128.and
                      (i8x16.swizzle (local.get $lo1) (local.get $vlo))
                      (i8x16.swizzle (local.get $hi1) (local.get $vhi))))
                    (local.set $m2 (v128.and
                      (v128.and
                        (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $a0) (local.get $t0p))
                        (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $a1) (local.get $t1p)))
                      (v128.and
                        (i8x16.swizzle (local.get $lo2) (local.get $vlo))
                        (i8x16.swizzle (local.get $hi2) (local.get $vhi)))))
                    (br $counted))
                  ;; stopped at the step's second vector: its first vector's newlines are the step's
                  (local.set $before (i32.sub (local.get $before)
                    (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (local.get $vnl)))))))
                (if (i32.ne (local.get $before) (local.get $beforeKnown))
                  (then (local.set $lastNl (i32.const -1)))))
              (else
                ;; Every newline stops this loop: where there is no line shape, and where the
                ;; last block's lines were long (under 2 newlines per KiB, the `long` bench
                ;; corpus), so that the newlines are too few to pay for checking the shape
                ;; of each step in the loop above (~9% slower there).
                (block $hit
                  (loop $skip
                    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
                    (local.set $v (v128.load (local.get $i)))
                    (local.set $vlo (v128.and (local.get $v) (local.get $nib)))
                    (local.set $vhi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nib)))
                    (local.set $a0 (v128.and
                      (i8x16.swizzle (local.get $lo0) (local.get $vlo))
                      (i8x16.swizzle (local.get $hi0) (local.get $vhi))))
                    (local.set $a1 (v128.and
                      (i8x16.swizzle (local.get $lo1) (local.get $vlo))
                      (i8x16.swizzle (local.get $hi1) (local.get $vhi))))
                    (local.set $m1 (v128.and
                      (v128.and
                        (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $t0p) (local.get $a0))
                        (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $t1p) (local.get $a1)))
                      (v128.and
                        (i8x16.swizzle (local.get $lo2) (local.get $vlo))
                        (i8x16.swizzle (local.get $hi2) (local.get $vhi)))))
                    (local.set $e1 (i8x16.eq (local.get $v) (local.get $vnl)))
                    (local.set $v (v128.load offset=16 (local.get $i)))
                    (local.set $vlo (v128.and (local.get $v) (local.get $nib)))
                    (local.set $vhi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nib)))
                    (local.set $t0p (v128.and
                      (i8x16.swizzle (local.get $lo0) (local.get $vlo))
                      (i8x16.swizzle (local.get $hi0) (local.get $vhi))))
                    (local.set $t1p (v128.and
                      (i8x16.swizzle (local.get $lo1) (local.get $vlo))
                      (i8x16.swizzle (local.get $hi1) (local.get $vhi))))
                    (local.set $m2 (v128.and
                      (v128.and
                        (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $a0) (local.get $t0p))
                        (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $a1) (local.get $t1p)))
                      (v128.and
                        (i8x16.swizzle (local.get $lo2) (local.get $vlo))
                        (i8x16.swizzle (local.get $hi2) (local.get $vhi)))))
                    (br_if $hit (v128.any_true (v128.or
                      (v128.or (local.get $m1) (local.get $m2))
                      (v128.or (local.get $e1) (i8x16.eq (local.get $v) (local.get $vnl))))))
                    (local.set $i (i32.add (local.get $i) (i32.const 32)))
                    (br $skip))))))
          (else
            ;; The same with token-character runs: $run is the length of the run that reaches the
            ;; end of the vector before. A run is reported once, at the lane where it reaches
            ;; $minRun; a run that starts and ends inside one vector is shorter than 17 and never
            ;; counts. $runBits holds those lanes (the second vector's above bit 16).
            (block $hitRun
              (loop $skipRun
                (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
                (local.set $runBits (i32.const 0))
                (local.set $v (v128.load (local.get $i)))
                (local.set $vlo (v128.and (local.get $v) (local.get $nib)))
                (local.set $vhi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nib)))
                (local.set $a0 (v128.and
                  (i8x16.swizzle (local.get $lo0) (local.get $vlo))
                  (i8x16.swizzle (local.get $hi0) (local.get $vhi))))
                (local.set $a1 (v128.and
                  (i8x16.swizzle (local.get $lo1) (local.get $vlo))
                  (i8x16.swizzle (local.get $hi1) (local.get $vhi))))
                (local.set $m1 (v128.and
                  (v128.and
                    (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $t0p) (local.get $a0))
                    (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $t1p) (local.get $a1)))
                  (v128.and
                    (i8x16.swizzle (local.get $lo2) (local.get $vlo))
                    (i8x16.swizzle (local.get $hi2) (local.get $vhi)))))
                (local.set $e1 (i8x16.eq (local.get $v) (local.get $vnl)))
                (local.set $tok (i8x16.bitmask (i8x16.ne (v128.and
                  (i8x16.swizzle (local.get $clo) (local.get $vlo))
                  (i8x16.swizzle (local.get $chi) (local.get $vhi))) (v128.const i64x2 0 0))))
                ;; $lead token characters start the vector (16 when all are): the run before
                ;; reaches $minRun inside them at lane $minRun - $run - 1. The lane is exact, so
                ;; that a run reaching $minRun only through bytes past the block's end is masked.
                (local.set $lead (i32.ctz (i32.xor (local.get $tok) (i32.const -1))))
                (if (i32.and (i32.lt_u (local.get $run) (local.get $minRun))
                             (i32.ge_u (i32.add (local.get $run) (local.get $lead)) (local.get $minRun)))
                  (then (local.set $runBits (i32.or (local.get $runBits) (i32.shl (i32.const 1) (i32.sub (i32.sub (local.get $minRun) (local.get $run)) (i32.const 1)))))))
                (local.set $run (select
                  (i32.add (local.get $run) (i32.const 16))
                  (i32.clz (i32.shl (i32.xor (local.get $tok) (i32.const -1)) (i32.const 16)))
                  (i32.eq (local.get $tok) (i32.const 0xffff))))
                (local.set $v (v128.load offset=16 (local.get $i)))
                (local.set $vlo (v128.and (local.get $v) (local.get $nib)))
                (local.set $vhi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nib)))
                (local.set $t0p (v128.and
                  (i8x16.swizzle (local.get $lo0) (local.get $vlo))
                  (i8x16.swizzle (local.get $hi0) (local.get $vhi))))
                (local.set $t1p (v128.and
                  (i8x16.swizzle (local.get $lo1) (local.get $vlo))
                  (i8x16.swizzle (local.get $hi1) (local.get $vhi))))
                (local.set $m2 (v128.and
                  (v128.and
                    (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $a0) (local.get $t0p))
                    (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $a1) (local.get $t1p)))
                  (v128.and
                    (i8x16.swizzle (local.get $lo2) (local.get $vlo))
                    (i8x16.swizzle (local.get $hi2) (local.get $vhi)))))
                (local.set $tok (i8x16.bitmask (i8x16.ne (v128.and
                  (i8x16.swizzle (local.get $clo) (local.get $vlo))
                  (i8x16.swizzle (local.get $chi) (local.get $vhi))) (v128.const i64x2 0 0))))
                ;; $lead token characters start the vector (16 when all are): the run before
                ;; reaches $minRun inside them at lane $minRun - $run - 1. The lane is exact, so
                ;; that a run reaching $minRun only through bytes past the block's end is masked.
                (local.set $lead (i32.ctz (i32.xor (local.get $tok) (i32.const -1))))
                (if (i32.and (i32.lt_u (local.get $run) (local.get $minRun))
                             (i32.ge_u (i32.add (local.get $run) (local.get $lead)) (local.get $minRun)))
                  (then (local.set $runBits (i32.or (local.get $runBits) (i32.shl (i32.const 1) (i32.add (i32.sub (local.get $minRun) (local.get $run)) (i32.const 15)))))))
                (local.set $run (select
                  (i32.add (local.get $run) (i32.const 16))
                  (i32.clz (i32.shl (i32.xor (local.get $tok) (i32.const -1)) (i32.const 16)))
                  (i32.eq (local.get $tok) (i32.const 0xffff))))
                (br_if $hitRun (i32.or (local.get $runBits) (v128.any_true (v128.or
                  (v128.or (local.get $m1) (local.get $m2))
                  (v128.or (local.get $e1) (i8x16.eq (local.get $v) (local.get $vnl)))))))
                (local.set $i (i32.add (local.get $i) (i32.const 32)))
                (br $skipRun)))))
        ;; The step at $i holds something: its lanes as 32-bit masks, those past the end cleared.
        (local.set $cand (i32.or
          (i32.xor (i8x16.bitmask (i8x16.eq (local.get $m1) (v128.const i64x2 0 0))) (i32.const 0xffff))
          (i32.shl (i32.xor (i8x16.bitmask (i8x16.eq (local.get $m2) (v128.const i64x2 0 0))) (i32.const 0xffff)) (i32.const 16))))
        (local.set $nl (i32.or
          (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (local.get $vnl)))
          (i32.shl (i8x16.bitmask (i8x16.eq (v128.load offset=16 (local.get $i)) (local.get $vnl))) (i32.const 16))))
        (if (i32.lt_u (i32.sub (local.get $end) (local.get $i)) (i32.const 32))
          (then
            (local.set $lim (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $i))) (i32.const 1)))
            (local.set $cand (i32.and (local.get $cand) (local.get $lim)))
            (local.set $nl (i32.and (local.get $nl) (local.get $lim)))
            (local.set $runBits (i32.and (local.get $runBits) (local.get $lim)))))
        ;; A newline whose line does not end in $last, or whose next line does not start with
        ;; $first, is looked at byte by byte (\r, empty lines and the block's end land here too).
        (local.set $bad (i32.const 0))
        (if (i32.and (i32.ne (local.get $nl) (i32.const 0)) (i32.ne (local.get $first) (i32.const 0)))
          (then (local.set $bad (i32.and (local.get $nl) (i32.xor (i32.const -1) (i32.or
            (i8x16.bitmask (v128.and
              (i8x16.eq (v128.load offset=0 (i32.sub (local.get $i) (i32.const 1))) (local.get $vlast))
              (i8x16.eq (v128.load offset=1 (local.get $i)) (local.get $vfirst))))
            (i32.shl (i8x16.bitmask (v128.and
              (i8x16.eq (v128.load offset=15 (local.get $i)) (local.get $vlast))
              (i8x16.eq (v128.load offset=17 (local.get $i)) (local.get $vfirst)))) (i32.const 16))))))))
        (local.set $work (i32.or (i32.or (local.get $cand) (local.get $bad)) (local.get $runBits)))
        (if (local.get $work)
          (then
            (loop $lane
              (local.set $j (i32.ctz (local.get $work)))
              (local.set $below (i32.and (local.get $nl) (i32.sub (i32.shl (i32.const 1) (local.get $j)) (i32.const 1))))
              (local.set $line (i32.add (i32.add (local.get $before) (i32.popcnt (local.get $below))) (i32.const 1)))
              (local.set $report (i32.and (i32.shr_u (local.get $runBits) (local.get $j)) (i32.const 1)))
              (if (i32.and (i32.shr_u (local.get $cand) (local.get $j)) (i32.const 1))
                (then (local.set $report (i32.or (local.get $report) (call $verify
                  (i32.sub (i32.add (local.get $i) (local.get $j)) (i32.const 2))
                  ;; the candidate's buckets: lane j of $m1 $m2
                  (i8x16.extract_lane_u 0 (i8x16.swizzle
                    (select (result v128) (local.get $m2) (local.get $m1) (i32.ge_u (local.get $j) (i32.const 16)))
                    (i8x16.splat (i32.and (local.get $j) (i32.const 15)))))
                  (local.get $ptr) (local.get $end))))))
              ;; The line's start, for a line reported or checked: found again (once a step)
              ;; when the skip loop passed newlines.
              (if (i32.or (i32.ne (local.get $report) (i32.const 0)) (i32.and (i32.shr_u (local.get $bad) (local.get $j)) (i32.const 1)))
                (then
                  (if (i32.and (i32.eqz (local.get $below)) (i32.eq (local.get $lastNl) (i32.const -1)))
                    (then (local.set $lastNl (call $last_newline (local.get $i) (local.get $ptr)))))
                  (local.set $start (if (result i32) (local.get $below)
                    (then (i32.sub (i32.add (local.get $i) (i32.const 32)) (i32.clz (local.get $below))))
                    (else (i32.add (local.get $lastNl) (i32.const 1)))))))
              (if (i32.and (i32.shr_u (local.get $bad) (local.get $j)) (i32.const 1))
                (then
                  ;; the newline at $q ends line $line: check its last byte (before a \r)
                  (local.set $q (i32.add (local.get $i) (local.get $j)))
                  (local.set $e (local.get $q))
                  (if (i32.and (i32.gt_u (local.get $e) (local.get $start))
                               (i32.eq (i32.load8_u (i32.sub (local.get $e) (i32.const 1))) (i32.const 13)))
                    (then (local.set $e (i32.sub (local.get $e) (i32.const 1)))))
                  (if (i32.and (i32.gt_u (local.get $e) (local.get $start))
                               (i32.ne (i32.load8_u (i32.sub (local.get $e) (i32.const 1))) (local.get $last)))
                    (then (local.set $report (i32.or (local.get $report) (i32.const 1)))))))
              (if (i32.and (local.get $report) (local.get $count))
                (then
                  (if (i32.ne (local.get $line) (local.get $lastCounted))
                    (then
                      (local.set $counted (i32.add (local.get $counted) (i32.const 1)))
                      (local.set $lastCounted (local.get $line))))
                  (local.set $report (i32.and (local.get $report) (i32.xor (local.get $count) (i32.const -1))))))
              (if (local.get $report)
                (then (if (i32.ne (local.get $line) (local.get $lastLine))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (local.get $start) (local.get $ptr)))
                    (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3)))
                      (i32.or (local.get $line) (i32.shl (local.get $report) (i32.const 24))))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))
                    (local.set $lastLine (local.get $line)))
                  (else
                    ;; the line already has its pair (the last one): add these groups to it
                    (local.set $pair (i32.add (local.get $out) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 3))))
                    (i32.store offset=4 (local.get $pair)
                      (i32.or (i32.load offset=4 (local.get $pair)) (i32.shl (local.get $report) (i32.const 24))))))))
              (if (i32.and (i32.shr_u (local.get $bad) (local.get $j)) (i32.const 1))
                (then
                  ;; ... and the next line, from $s, must start with $first
                  (local.set $s (i32.add (local.get $i) (i32.add (local.get $j) (i32.const 1))))
                  (if (i32.lt_u (local.get $s) (local.get $end))
                    (then (if (i32.and
                          (i32.eqz (call $empty_at (local.get $s) (local.get $end)))
                          (i32.ne (i32.load8_u (local.get $s)) (local.get $first)))
                      (then
                        (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (i32.sub (local.get $s) (local.get $ptr)))
                        (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3)))
                          (i32.or (i32.add (local.get $line) (i32.const 1)) (i32.const 0x1000000)))
                        (local.set $n (i32.add (local.get $n) (i32.const 1)))
                        (local.set $lastLine (i32.add (local.get $line) (i32.const 1)))))))))
              (local.set $work (i32.and (local.get $work) (i32.sub (local.get $work) (i32.const 1))))
              (br_if $lane (local.get $work)))))
        (if (local.get $nl)
          (then
            (local.set $before (i32.add (local.get $before) (i32.popcnt (local.get $nl))))
            (local.set $lastNl (i32.sub (i32.add (local.get $i) (i32.const 31)) (i32.clz (local.get $nl))))))
        (local.set $beforeKnown (local.get $before))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $next)))
    (i32.store (i32.const 144) (local.get $before))
    (i32.store (i32.const 148) (local.get $counted))
    ;; The next call's loop: the one that stops at each newline after long lines (under 2 newlines
    ;; per KiB), and after CRLF lines of a shape: the skip loop's shape test needs the last byte
    ;; before \n, which is then \r, so it would stop at every line and pay its checks too (kernel
    ;; alone +33% on a CRLF log, review of 2026-12-06). Judged by the block's last newline.
    (local.set $q (call $last_newline (local.get $end) (local.get $ptr)))
    (i32.store (i32.const 152) (i32.or
      (i32.lt_u (local.get $before) (i32.shr_u (local.get $len) (i32.const 9)))
      (i32.and (i32.ne (local.get $last) (i32.const 0))
        (i32.and (i32.gt_s (local.get $q) (local.get $ptr))
          (i32.eq (i32.load8_u (i32.sub (local.get $q) (i32.const 1))) (i32.const 13))))))
    (local.get $n))

  ;; The tuning functions (teddy-tuning.wat) are assembled in here by scripts/build-wasm.mjs.
)
