;; gateway-bytes.wat's tables and helpers (scripts/build-wasm.mjs puts these functions into its
;; module, before the closing parenthesis: one module, two texts): the alias chains and the key
;; table init and addKey write, the key hash, a string's end for `channels`, and the batch's touch.
;; The layout is gateway-bytes.wat's header.
  ;; The area starts at $r, zeroed (a fresh memory): no slot holds a string yet (length 0).
  (func (export "init") (param $r i32)
    (local $p i32)
    (global.set $R (local.get $r))
    ;; No key predicted after any key yet (R+5632: the pattern 0xff.. matches no masked bytes).
    (loop $none
      (v128.store offset=5632 (i32.add (local.get $r) (i32.shl (local.get $p) (i32.const 6))) (v128.const i32x4 -1 -1 -1 -1))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $none (i32.lt_u (local.get $p) (i32.const 32))))
    ;; The fields' alias chains by key id (gateway-bytes-record.ts's KEYS), at R+4864: the chain's
    ;; ids from the first to the last as a bit mask, 1 for a single key (null and '' taken), the
    ;; field's offset in a record.
    (call $chain (i32.const 0) (i32.const 5) (i32.const 6) (i32.const 0))
    (call $chain (i32.const 1) (i32.const 7) (i32.const 7) (i32.const 1))
    (call $chain (i32.const 2) (i32.const 8) (i32.const 8) (i32.const 1))
    (call $chain (i32.const 3) (i32.const 9) (i32.const 13) (i32.const 0))
    (call $chain (i32.const 4) (i32.const 14) (i32.const 15) (i32.const 0))
    (call $chain (i32.const 5) (i32.const 16) (i32.const 18) (i32.const 0))
    (call $chain (i32.const 6) (i32.const 19) (i32.const 21) (i32.const 0))
    (call $chain (i32.const 7) (i32.const 22) (i32.const 26) (i32.const 0))
    (call $chain (i32.const 8) (i32.const 28) (i32.const 28) (i32.const 1))
    (call $chain (i32.const 9) (i32.const 29) (i32.const 29) (i32.const 1)))

  (func $chain (param $f i32) (param $a i32) (param $b i32) (param $single i32)
    (local $at i32)
    (local.set $at (i32.add (i32.add (global.get $R) (i32.const 4864)) (i32.shl (local.get $f) (i32.const 4))))
    ;; The chain's ids as a mask: bits a..b.
    (i32.store (local.get $at) (i32.sub (i32.shl (i32.const 2) (local.get $b)) (i32.shl (i32.const 1) (local.get $a))))
    (i32.store offset=8 (local.get $at) (local.get $single))
    (i32.store offset=12 (local.get $at) (i32.add (i32.const 32) (i32.shl (local.get $f) (i32.const 4)))))

  ;; The key table's entry for the key of $len bytes at $at: hashed from its first 8 bytes.
  (func $keyHash (param $at i32) (param $len i32) (result i32)
    (local $w i64)
    (local.set $w (i64.load (local.get $at)))
    (if (i32.lt_u (local.get $len) (i32.const 8))
      (then (local.set $w (i64.and (local.get $w)
        (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3)))) (i64.const 1))))))
    (i32.wrap_i64 (i64.shr_u
      (i64.mul (i64.xor (local.get $w) (i64.extend_i32_u (local.get $len))) (i64.const 0x9E3779B97F4A7C15))
      (i64.const 58))))

  ;; Adds the key of $len bytes (1-32) at $at with id $id (1-31).
  (func (export "addKey") (param $at i32) (param $len i32) (param $id i32)
    (local $h i32) (local $e i32)
    (local.set $h (call $keyHash (local.get $at) (local.get $len)))
    (loop $probe
      (local.set $e (i32.add (global.get $R) (i32.shl (local.get $h) (i32.const 6))))
      (if (i32.load (local.get $e))
        (then
          (local.set $h (i32.and (i32.add (local.get $h) (i32.const 1)) (i32.const 63)))
          (br $probe))))
    (i32.store (local.get $e) (local.get $id))
    (i32.store offset=4 (local.get $e) (local.get $len))
    (i32.store offset=5248 (i32.add (global.get $R) (i32.shl (local.get $id) (i32.const 2))) (local.get $e))
    ;; With its closing quote, for the prediction of the next key (keys under 16 bytes).
    (if (i32.lt_u (local.get $len) (i32.const 16))
      (then
        (v128.store offset=48 (local.get $e) (v128.and (v128.load (local.get $at))
          (i8x16.gt_s (i8x16.splat (local.get $len)) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))))
        (i32.store8 offset=48 (i32.add (local.get $e) (local.get $len)) (i32.const 34))
        ;; and its colon (keys under 15 bytes: the next key's pattern, readLines).
        (if (i32.lt_u (local.get $len) (i32.const 15))
          (then (i32.store8 offset=49 (i32.add (local.get $e) (local.get $len)) (i32.const 58))))))
    (v128.store offset=16 (local.get $e) (v128.and (v128.load (local.get $at))
      (i8x16.gt_s (i8x16.splat (local.get $len)) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))))
    (if (i32.gt_u (local.get $len) (i32.const 16))
      (then (v128.store offset=32 (local.get $e) (v128.and (v128.load offset=16 (local.get $at))
        (i8x16.gt_s (i8x16.splat (i32.sub (local.get $len) (i32.const 16))) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)))))))

  ;; The closing quote of the string whose first byte is at $p, or -1 when a byte this reader leaves
  ;; to JSON.parse comes first (a backslash, a control character, a byte past ASCII) or the block
  ;; ends ($end) before it. 16 bytes a step: the bytes past the block's end are read, never counted.
  (func $stringEnd (param $p i32) (param $end i32) (result i32)
    (local $v v128) (local $m i32)
    (loop $step
      (local.set $v (v128.load (local.get $p)))
      (local.set $m (i8x16.bitmask (v128.or
        (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 34))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 92))))
        (v128.or (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 32))) (i8x16.lt_s (local.get $v) (v128.const i64x2 0 0))))))
      (if (i32.eqz (local.get $m))
        (then
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $step (i32.lt_u (local.get $p) (local.get $end)))
          (return (i32.const -1)))))
    (local.set $p (i32.add (local.get $p) (i32.ctz (local.get $m))))
    (if (result i32) (i32.and (i32.lt_u (local.get $p) (local.get $end)) (i32.eq (i32.load8_u (local.get $p)) (i32.const 34)))
      (then (local.get $p))
      (else (i32.const -1))))

  ;; Loads a byte of each 64 of the batch's lines (their first 256 bytes, within the block), one
  ;; independent load after another, so that the core fetches many cache lines at once: the SIMD
  ;; pass read the block long before (JavaScript's work on the batch before evicts it), and a line
  ;; read byte after byte waited for memory at its first byte, then at each cache line (in a CPU
  ;; profile of leak-30, 15% of the reader's time on the first byte alone). Returns the bytes'
  ;; xor, so that the loads are not dropped.
  (func $touch (param $ptr i32) (param $end i32) (param $list i32) (param $from i32) (param $count i32) (result i32)
    (local $at i32) (local $stop i32) (local $s i32) (local $x i32) (local $last i32)
    (local.set $at (i32.add (local.get $list) (i32.shl (local.get $from) (i32.const 3))))
    (local.set $stop (i32.add (local.get $at) (i32.shl (local.get $count) (i32.const 3))))
    (local.set $last (i32.sub (local.get $end) (i32.const 1)))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $each
        (local.set $s (i32.add (local.get $ptr) (i32.load (local.get $at))))
        ;; Each address at most the block's last byte (never past the block).
        (local.set $x (i32.xor (local.get $x) (i32.xor
          (i32.xor (i32.load8_u (select (local.get $s) (local.get $last) (i32.lt_u (local.get $s) (local.get $end))))
            (i32.load8_u (select (i32.add (local.get $s) (i32.const 64)) (local.get $last) (i32.lt_u (i32.add (local.get $s) (i32.const 64)) (local.get $end)))))
          (i32.xor (i32.load8_u (select (i32.add (local.get $s) (i32.const 128)) (local.get $last) (i32.lt_u (i32.add (local.get $s) (i32.const 128)) (local.get $end))))
            (i32.load8_u (select (i32.add (local.get $s) (i32.const 192)) (local.get $last) (i32.lt_u (i32.add (local.get $s) (i32.const 192)) (local.get $end))))))))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (br_if $each (i32.lt_u (local.get $at) (local.get $stop)))))
    (local.get $x))
