;; The SIMD kernel's tuning functions: part of the same WebAssembly module as teddy.wat (its memory
;; and layout), kept in a text of their own; scripts/build-wasm.mjs puts them before the
;; module's closing parenthesis.
  ;; Tuning (needles.ts, teddy-buckets.ts) counts bytes and trigrams of a sample of the data: loops
  ;; that ran ~30 ms of every audit's start in JavaScript that V8 had not optimised yet.

  ;; Adds 1 to the i32 at $out + 4 * b for every byte b of $ptr..$ptr+$len.
  (func (export "byteCounts") (param $ptr i32) (param $len i32) (param $out i32)
    (local $end i32) (local $at i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $at (i32.add (local.get $out) (i32.shl (i32.load8_u (local.get $ptr)) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $next))))

  ;; Trigram tables: 2^$bits slots of (key + 1, count) i32 pairs at $table, 0 an empty slot; the
  ;; caller keeps them under half full. The slot of $key: its own, or the empty one it would take.
  (func $slot (param $table i32) (param $bits i32) (param $key i32) (result i32)
    (local $i i32) (local $at i32) (local $k i32)
    (local.set $i (i32.shr_u (i32.mul (local.get $key) (i32.const 0x9e3779b1)) (i32.sub (i32.const 32) (local.get $bits))))
    (loop $probe
      (local.set $at (i32.add (local.get $table) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $k (i32.load (local.get $at)))
      (if (i32.or (i32.eqz (local.get $k)) (i32.eq (local.get $k) (i32.add (local.get $key) (i32.const 1))))
        (then (return (local.get $at))))
      (local.set $i (i32.and (i32.add (local.get $i) (i32.const 1))
        (i32.sub (i32.shl (i32.const 1) (local.get $bits)) (i32.const 1))))
      (br $probe))
    (unreachable))

  ;; Puts the $n trigram keys (i32) at $keys in the table with count 0, and overwrites each key with
  ;; its slot's address (where countTrigrams leaves its count, at +4).
  (func (export "seedTrigrams") (param $table i32) (param $bits i32) (param $keys i32) (param $n i32)
    (local $at i32) (local $key i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $key (i32.load (local.get $keys)))
        (local.set $at (call $slot (local.get $table) (local.get $bits) (local.get $key)))
        (i32.store (local.get $at) (i32.add (local.get $key) (i32.const 1)))
        (i32.store (local.get $keys) (local.get $at))
        (local.set $keys (i32.add (local.get $keys) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))

  ;; Whether each byte of trigram $key has both nibbles in the six 16-bit sets at $sets (lo0 hi0
  ;; lo1 hi1 lo2 hi2, one i32 each: bit n allows nibble n at that byte).
  (func $admits (param $sets i32) (param $key i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32)
    (local.set $a (i32.shr_u (local.get $key) (i32.const 16)))
    (local.set $b (i32.and (i32.shr_u (local.get $key) (i32.const 8)) (i32.const 255)))
    (local.set $c (i32.and (local.get $key) (i32.const 255)))
    (i32.and (i32.const 1) (i32.and
      (i32.and
        (i32.and (i32.shr_u (i32.load offset=0 (local.get $sets)) (i32.and (local.get $a) (i32.const 15)))
                 (i32.shr_u (i32.load offset=4 (local.get $sets)) (i32.shr_u (local.get $a) (i32.const 4))))
        (i32.and (i32.shr_u (i32.load offset=8 (local.get $sets)) (i32.and (local.get $b) (i32.const 15)))
                 (i32.shr_u (i32.load offset=12 (local.get $sets)) (i32.shr_u (local.get $b) (i32.const 4)))))
      (i32.and (i32.shr_u (i32.load offset=16 (local.get $sets)) (i32.and (local.get $c) (i32.const 15)))
               (i32.shr_u (i32.load offset=20 (local.get $sets)) (i32.shr_u (local.get $c) (i32.const 4)))))))

  ;; Counts the trigrams of $ptr..$ptr+$len in the table. With $list 0, only keys already in it
  ;; (seedTrigrams) are counted; else every trigram that $sets admits (all when $sets is 0) is,
  ;; and the address of each new slot is appended at $list. Returns how many slots were added.
  (func (export "countTrigrams") (param $ptr i32) (param $len i32) (param $table i32) (param $bits i32) (param $sets i32) (param $list i32) (result i32)
    (local $end i32) (local $key i32) (local $at i32) (local $k i32) (local $n i32)
    (if (i32.lt_u (local.get $len) (i32.const 3)) (then (return (i32.const 0))))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (local.set $key (i32.or
      (i32.shl (i32.load8_u (local.get $ptr)) (i32.const 8))
      (i32.load8_u offset=1 (local.get $ptr))))
    (local.set $ptr (i32.add (local.get $ptr) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $key (i32.and
          (i32.or (i32.shl (local.get $key) (i32.const 8)) (i32.load8_u (local.get $ptr)))
          (i32.const 0xffffff)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (if (i32.or (i32.eqz (local.get $sets)) (call $admits (local.get $sets) (local.get $key)))
          (then
            (local.set $at (call $slot (local.get $table) (local.get $bits) (local.get $key)))
            (local.set $k (i32.load (local.get $at)))
            (if (local.get $k)
              (then (i32.store offset=4 (local.get $at) (i32.add (i32.load offset=4 (local.get $at)) (i32.const 1))))
              (else (if (local.get $list)
                (then
                  (i32.store (local.get $at) (i32.add (local.get $key) (i32.const 1)))
                  (i32.store offset=4 (local.get $at) (i32.const 1))
                  (i32.store (i32.add (local.get $list) (i32.shl (local.get $n) (i32.const 2))) (local.get $at))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))))))))
        (br $next)))
    (local.get $n))

  ;; What each of Teddy's 8 buckets would cost with the nibble sets at $sets (8 times lo0 hi0 lo1 hi1
  ;; lo2 hi2, one i32 each; teddy-buckets.ts asks for a key's 8 choices at once), written as 8 f64 at
  ;; $out: the sample positions a bucket admits (the $n slots listed at $list), plus its estimated
  ;; share of all positions from the byte frequencies at $freq (256 f64). The slots are read once for
  ;; the 8: the sets become Teddy's nibble tables at $tables (96 bytes, bit i of an entry for bucket
  ;; i), and a trigram's three bytes look up the buckets that admit it, as the kernel's pass does.
  (func (export "bucketCosts") (param $sets i32) (param $freq i32) (param $list i32) (param $n i32) (param $tables i32) (param $out i32)
    (local $i i32) (local $j i32) (local $bits i32) (local $at i32) (local $key i32) (local $m i32) (local $count i32)
    (memory.fill (local.get $tables) (i32.const 0) (i32.const 96))
    (memory.fill (local.get $out) (i32.const 0) (i32.const 64))
    ;; The tables: for bucket $i, set j's 16 bits in table j (lo0 hi0 lo1 hi1 lo2 hi2).
    (local.set $i (i32.const 0))
    (loop $bucket
      (local.set $j (i32.const 0))
      (loop $set
        (local.set $bits (i32.load (i32.add (local.get $sets) (i32.shl (i32.add (i32.mul (local.get $i) (i32.const 6)) (local.get $j)) (i32.const 2)))))
        (block $bitsDone
          (loop $bit
            (br_if $bitsDone (i32.eqz (local.get $bits)))
            (local.set $at (i32.add (local.get $tables) (i32.add (i32.shl (local.get $j) (i32.const 4)) (i32.ctz (local.get $bits)))))
            (i32.store8 (local.get $at) (i32.or (i32.load8_u (local.get $at)) (i32.shl (i32.const 1) (local.get $i))))
            (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
            (br $bit)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $set (i32.lt_u (local.get $j) (i32.const 6))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $bucket (i32.lt_u (local.get $i) (i32.const 8))))
    ;; The sample positions: each slot's count added to the buckets that admit its trigram (an i32
    ;; in each bucket's 8 bytes at $out).
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $at (i32.load (local.get $list)))
        (local.set $key (i32.sub (i32.load (local.get $at)) (i32.const 1)))
        (local.set $m (i32.and
          (i32.and
            (i32.and (i32.load8_u offset=0 (i32.add (local.get $tables) (i32.and (i32.shr_u (local.get $key) (i32.const 16)) (i32.const 15))))
                     (i32.load8_u offset=16 (i32.add (local.get $tables) (i32.shr_u (local.get $key) (i32.const 20)))))
            (i32.and (i32.load8_u offset=32 (i32.add (local.get $tables) (i32.and (i32.shr_u (local.get $key) (i32.const 8)) (i32.const 15))))
                     (i32.load8_u offset=48 (i32.add (local.get $tables) (i32.and (i32.shr_u (local.get $key) (i32.const 12)) (i32.const 15))))))
          (i32.and (i32.load8_u offset=64 (i32.add (local.get $tables) (i32.and (local.get $key) (i32.const 15))))
                   (i32.load8_u offset=80 (i32.add (local.get $tables) (i32.and (i32.shr_u (local.get $key) (i32.const 4)) (i32.const 15)))))))
        (if (local.get $m)
          (then
            (local.set $count (i32.load offset=4 (local.get $at)))
            (loop $admitting
              (local.set $at (i32.add (local.get $out) (i32.shl (i32.ctz (local.get $m)) (i32.const 3))))
              (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (local.get $count)))
              (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
              (br_if $admitting (local.get $m)))))
        (local.set $list (i32.add (local.get $list) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    ;; Each bucket's cost: its count as a float plus its share (the count's i32 overwritten by the f64).
    (local.set $i (i32.const 0))
    (loop $bucket
      (local.set $at (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3))))
      (f64.store (local.get $at) (f64.add
        (f64.convert_i32_s (i32.load (local.get $at)))
        (call $share (i32.add (local.get $sets) (i32.mul (local.get $i) (i32.const 24))) (local.get $freq))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $bucket (i32.lt_u (local.get $i) (i32.const 8)))))

  ;; A bucket's estimated share of all positions, from the byte frequencies at $freq (256 f64): for
  ;; each of the three bytes the sum of the frequencies of the bytes its sets at $sets allow,
  ;; multiplied. Summed in byte order: a float sum depends on its order, and the bucket choices on
  ;; the costs, so the order is fixed.
  (func $share (param $sets i32) (param $freq i32) (result f64)
    (local $r f64) (local $sum f64) (local $j i32) (local $his i32) (local $los i32) (local $hi i32)
    (local.set $r (f64.const 1))
    (loop $byte
      (local.set $sum (f64.const 0))
      (local.set $his (i32.load offset=4 (i32.add (local.get $sets) (i32.shl (local.get $j) (i32.const 3)))))
      (block $hisDone
        (loop $hiNibble
          (br_if $hisDone (i32.eqz (local.get $his)))
          (local.set $hi (i32.shl (i32.ctz (local.get $his)) (i32.const 4)))
          (local.set $los (i32.load (i32.add (local.get $sets) (i32.shl (local.get $j) (i32.const 3)))))
          (block $losDone
            (loop $loNibble
              (br_if $losDone (i32.eqz (local.get $los)))
              (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $freq)
                (i32.shl (i32.or (local.get $hi) (i32.ctz (local.get $los))) (i32.const 3))))))
              (local.set $los (i32.and (local.get $los) (i32.sub (local.get $los) (i32.const 1))))
              (br $loNibble)))
          (local.set $his (i32.and (local.get $his) (i32.sub (local.get $his) (i32.const 1))))
          (br $hiNibble)))
      (local.set $r (f64.mul (local.get $r) (local.get $sum)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $byte (i32.lt_u (local.get $j) (i32.const 3))))
    (local.get $r))
