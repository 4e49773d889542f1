;; Teddy-style multi-needle candidate search (after Hyperscan/ripgrep's Teddy): every needle is
;; assigned one of 8 buckets; for the three bytes at p, p+1, p+2 a lane survives only if each
;; byte's low and high nibbles are both allowed for some common bucket. Survivors are candidate
;; starts, verified by the caller. Memory layout (set by the caller):
;;   0..95    six 16-byte nibble tables: lo0 hi0 lo1 hi1 lo2 hi2
;;   96..127  two 16-byte class tables for `windows`: lo hi
;;   data     at $ptr, $len bytes, followed by at least 32 zero bytes
;;   output   i32 positions (relative to $ptr) at $out, at most $max
(module
  (memory (export "memory") 1)
  (func (export "scan") (param $ptr i32) (param $len i32) (param $out i32) (param $max i32) (result i32)
    (local $i i32) (local $end i32) (local $n i32) (local $bits i32)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128)
    (local $nib v128) (local $v v128) (local $m v128)
    (local.set $lo0 (v128.load offset=0 (i32.const 0)))
    (local.set $hi0 (v128.load offset=16 (i32.const 0)))
    (local.set $lo1 (v128.load offset=32 (i32.const 0)))
    (local.set $hi1 (v128.load offset=48 (i32.const 0)))
    (local.set $lo2 (v128.load offset=64 (i32.const 0)))
    (local.set $hi2 (v128.load offset=80 (i32.const 0)))
    (local.set $nib (i8x16.splat (i32.const 15)))
    (local.set $i (local.get $ptr))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load (local.get $i)))
        (local.set $m (v128.and
          (i8x16.swizzle (local.get $lo0) (v128.and (local.get $v) (local.get $nib)))
          (i8x16.swizzle (local.get $hi0) (i8x16.shr_u (local.get $v) (i32.const 4)))))
        (local.set $v (v128.load offset=1 (local.get $i)))
        (local.set $m (v128.and (local.get $m) (v128.and
          (i8x16.swizzle (local.get $lo1) (v128.and (local.get $v) (local.get $nib)))
          (i8x16.swizzle (local.get $hi1) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        (local.set $v (v128.load offset=2 (local.get $i)))
        (local.set $m (v128.and (local.get $m) (v128.and
          (i8x16.swizzle (local.get $lo2) (v128.and (local.get $v) (local.get $nib)))
          (i8x16.swizzle (local.get $hi2) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        (if (v128.any_true (local.get $m))
          (then
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $m) (v128.const i64x2 0 0))))
            (loop $bit
              ;; a lane past the end of the data is padding, never a candidate
              (if (i32.lt_u (i32.add (local.get $i) (i32.ctz (local.get $bits))) (local.get $end))
                (then
                  (if (i32.ge_u (local.get $n) (local.get $max)) (then (return (local.get $n))))
                  (i32.store
                    (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
                    (i32.sub (i32.add (local.get $i) (i32.ctz (local.get $bits))) (local.get $ptr)))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))
              (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
              (br_if $bit (local.get $bits)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $n))

  ;; Finds every aligned 16-byte window of $ptr..$ptr+$len whose bytes all belong to a class
  ;; (bit 0 of lo[b & 15] & hi[b >> 4]). Any run of 31 or more class bytes fully contains such a
  ;; window, so a scan can skip every line without one when it looks for 43+ character tokens.
  ;; $ptr must be 16-aligned; bytes past the end must be outside the class (zero padding).
  (func (export "windows") (param $ptr i32) (param $len i32) (param $out i32) (param $max i32) (result i32)
    (local $i i32) (local $end i32) (local $n i32) (local $lo v128) (local $hi v128) (local $nib v128) (local $v v128)
    (local.set $lo (v128.load offset=96 (i32.const 0)))
    (local.set $hi (v128.load offset=112 (i32.const 0)))
    (local.set $nib (i8x16.splat (i32.const 15)))
    (local.set $i (local.get $ptr))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load (local.get $i)))
        (if (i8x16.all_true (v128.and
              (i8x16.swizzle (local.get $lo) (v128.and (local.get $v) (local.get $nib)))
              (i8x16.swizzle (local.get $hi) (i8x16.shr_u (local.get $v) (i32.const 4)))))
          (then
            (if (i32.ge_u (local.get $n) (local.get $max)) (then (return (local.get $n))))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (i32.sub (local.get $i) (local.get $ptr)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $n)))
