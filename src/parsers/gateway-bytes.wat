;; gateway-jsonl's byte reader (gateway-bytes.ts) for a batch of the lines the SIMD pass reported
;; (teddy.wat), in one call: each line in the subset gateway-bytes.ts reads — a flat object, strings
;; of ASCII 0x20-0x7f without a backslash, JSON's number grammar, true/false/null, blanks (space,
;; tab, CR) between tokens, `channels` as an array of strings — is checked with the same rules and
;; its gateway fields found, through their aliases, into a record JavaScript reads
;; (gateway-bytes-wasm.ts). Any other line is refused, and takes the JSON.parse path.
;; String values are interned by their bytes: a value seen before is answered with its slot, so
;; JavaScript hands on the string it made for that slot (docs/product.md §10, issue 8).
;;
;; It shares the memory of the SIMD pass's arena (teddy-kernel.ts): the blocks are read there, and
;; the kernel's result pairs (line start relative to the block, line number | groups << 24) are
;; there. Its own area starts at $R (init), READER_BYTES long:
;;   R+0       key table: 64 entries of 64 bytes: id (0: empty), length, -, -, the key's bytes
;;             zero-padded to 32 (keys of 1-32 bytes), then (keys under 16 bytes) the key, its
;;             closing quote and (under 15 bytes) its colon, zero-padded to 16
;;   R+4096    the line's values by key id (32 x 16 bytes): tag, slot, start, end (a number: an f64
;;             at +8)
;;   R+4864    the fields' alias chains (init: the chain's ids as a bit mask, -, 1 for a single key,
;;             the field's offset in a record); R+5248 each key id's table entry; R+5376 the slot
;;             each key id's string value had last (32 x i32)
;;   R+5504    the minute of the last time read in parseRfc3339Utc's shape (17 bytes)
;;   R+5632    the next key's prediction after each key id (32 x 64 bytes; after id 0: a line's
;;             first key): the pattern (key, quote, colon; 0xff.. for none), its mask, id, length
;;   R+8192    intern slots, 4096 x 128 bytes, each its own two cache lines: +0 hash word, +4 length
;;             (0, or -1 after a refused line: none), +8 the batch serial it was last used in, +16
;;             its bytes (up to 96). One line holds what a probe reads and a value's first 48 bytes
;;             (were they four arrays, a probe of a slot not in cache waited for four lines).
;;   R+532480  the batch's records, 192 bytes per line (at most 256 lines):
;;             +0 1 read, 0 refused, 2 not tried (at or past $limit); +4 the line's end (its \n,
;;             or a \r before it), +8 +12 the time's string (first alias with a non-empty string;
;;             start -1: none), +16 its second and milliseconds, +20 its minute's serial, +32 the
;;             fields event, method, status, source, user agent, agent, path, fingerprint, token
;;             slot, channels, 16 bytes each as the values above
;;   R+581632  the batch's new slots: (slot, start, end) i32 triples, at most 4096
;; Positions in records are relative to the block's start.
;; Why the same loops are written out several times (blanks, the 16-byte string scan, the masked
;; compare, the key hash): V8 does not inline calls between wasm functions, and with them as
;; functions a line cost ~243 ns against ~170 ns written out (docs/performance.md, "The byte reader
;; in WebAssembly"). The differential tests (test/parsers/gateway-bytes-wasm.test.ts) hold every copy
;; to JSON.parse.
;; Tags: 0 absent, 1 null, 2 true, 3 false, 4 an interned string (slot), 5 a string not interned
;; (start, end), 6 '', 7 a number, 8 `channels` as an array (start: its `[`).
;; The tables' set-up and the helpers (init, addKey, the key hash, a string's end, the batch's
;; touch) are in gateway-bytes-setup.wat, which scripts/build-wasm.mjs puts into this module: this
;; file is the batch's one function.
(module
  (import "env" "memory" (memory 1))
  (global $R (mut i32) (i32.const 0))
  (global $batch (mut i32) (i32.const 0))
  (global $minute (mut i32) (i32.const 0))
  (global $touched (mut i32) (i32.const 0))

  ;; Reads the lines the kernel reported at $list (pairs), $count of them from the $from-th, of the
  ;; block at $ptr..$end; a line starting at or past $limit (the block's last line when no \n ends
  ;; it) is not tried. Returns how many new slots the batch filled (their triples at R+581632).
  (func (export "readLines") (param $ptr i32) (param $end i32) (param $limit i32) (param $list i32) (param $from i32) (param $count i32) (result i32)
    (local $k i32) (local $rec i32) (local $start i32) (local $i i32) (local $c i32) (local $ka i32) (local $q i32)
    (local $id i32) (local $va i32) (local $len i32) (local $v i32) (local $neg i32) (local $plain i32) (local $digits i32)
    (local $whole f64) (local $h i64) (local $off i32) (local $chunk v128) (local $slot i32) (local $tag32 i32)
    (local $sb i32) (local $prev i32) (local $same i32) (local $nm i32) (local $lineNm i32) (local $t i32) (local $m i32) (local $e i32)
    (local $r i32) (local $batch i32) (local $pe i32) (local $seen i32)
    (local $vQuote v128) (local $vSlash v128) (local $vSpace v128) (local $vZero v128) (local $iota v128)
    (local.set $vQuote (i8x16.splat (i32.const 34)))
    (local.set $vSlash (i8x16.splat (i32.const 92)))
    (local.set $vSpace (i8x16.splat (i32.const 32)))
    (local.set $iota (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
    (local.set $r (global.get $R))
    (local.set $batch (i32.add (global.get $batch) (i32.const 1)))
    (global.set $batch (local.get $batch))
    (global.set $touched (call $touch (local.get $ptr) (local.get $end) (local.get $list) (local.get $from) (local.get $count)))
    (block $all
      (loop $line
        (br_if $all (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $rec (i32.add (i32.add (local.get $r) (i32.const 532480)) (i32.mul (local.get $k) (i32.const 192))))
        (local.set $start (i32.add (local.get $ptr)
          (i32.load (i32.add (local.get $list) (i32.shl (i32.add (local.get $from) (local.get $k)) (i32.const 3))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (if (i32.ge_u (local.get $start) (local.get $limit))
          (then
            (i32.store (local.get $rec) (i32.const 2))
            (br $line)))
        (local.set $lineNm (local.get $nm))
        (local.set $prev (i32.const 0))
        (local.set $seen (i32.const 0))
        (block $read
          (block $refuse
            (local.set $i (local.get $start))
            (local.set $c (i32.load8_u (local.get $i)))
            (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b0 (loop $l0
              (br_if $b0 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (local.set $c (i32.load8_u (local.get $i)))
              (br $l0)))))
            (br_if $refuse (i32.ne (local.get $c) (i32.const 123)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $c (i32.load8_u (local.get $i)))
            (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b1 (loop $l1
              (br_if $b1 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (local.set $c (i32.load8_u (local.get $i)))
              (br $l1)))))
            (if (i32.eq (local.get $c) (i32.const 125))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (local.set $c (i32.load8_u (local.get $i))))
              (else
                (block $members
                  (loop $member
                    ;; A key: ASCII, no escape.
                    (br_if $refuse (i32.ne (local.get $c) (i32.const 34)))
                    (local.set $ka (i32.add (local.get $i) (i32.const 1)))
                    ;; The lines of a log repeat a few key orders: the key that came after the line's
                    ;; previous key last time is tried first, its bytes, closing quote and colon as
                    ;; one masked 16-byte compare against the pattern kept for the previous key
                    ;; (R+5632: no load of a key entry on the way). A key of 14 bytes or more, or one
                    ;; not read, has the pattern 0xff..; the mask left from an earlier key covers at
                    ;; most 15 lanes (keys of 13 bytes at most are predicted: 13 + quote + colon), so
                    ;; lane 15 compares 0xff with 0 and the stale pattern never matches. A 14-byte key
                    ;; would make a 16-lane mask, and 16 bytes of 0xff after a quote would match.
                    (local.set $pe (i32.add (local.get $r) (i32.shl (local.get $prev) (i32.const 6))))
                    (block $colon
                      (if (i8x16.all_true (i8x16.eq (v128.load offset=5632 (local.get $pe))
                            (v128.and (v128.load (local.get $ka)) (v128.load offset=5648 (local.get $pe)))))
                        (then
                          (local.set $id (i32.load offset=5664 (local.get $pe)))
                          (local.set $i (i32.add (i32.add (local.get $ka) (i32.load offset=5668 (local.get $pe))) (i32.const 2)))
                          (local.set $c (i32.load8_u (local.get $i)))
                          (local.set $prev (local.get $id))
                          (br $colon)))
                      ;; Its end (16 bytes a step: a byte past the block's end is read, never counted),
                      ;; then its id by hash (0: a key not read).
                      (local.set $q (local.get $ka))
                      (block $keyScanFound
                        (loop $keyScan
                          (local.set $chunk (v128.load (local.get $q)))
                          (local.set $m (i8x16.bitmask (v128.or
                            (v128.or (i8x16.eq (local.get $chunk) (local.get $vQuote)) (i8x16.eq (local.get $chunk) (local.get $vSlash)))
                            (v128.or (i8x16.lt_u (local.get $chunk) (local.get $vSpace)) (i8x16.lt_s (local.get $chunk) (local.get $vZero))))))
                          (br_if $keyScanFound (local.get $m))
                          (local.set $q (i32.add (local.get $q) (i32.const 16)))
                          (br_if $keyScan (i32.lt_u (local.get $q) (local.get $end)))
                          (br $refuse)))
                      (local.set $q (i32.add (local.get $q) (i32.ctz (local.get $m))))
                      (br_if $refuse (i32.ge_u (local.get $q) (local.get $end)))
                      (br_if $refuse (i32.ne (i32.load8_u (local.get $q)) (i32.const 34)))
                      (local.set $len (i32.sub (local.get $q) (local.get $ka)))
                      (local.set $id (i32.const 0))
                      (if (i32.lt_u (i32.sub (local.get $len) (i32.const 1)) (i32.const 32))
                        (then
                          (local.set $h (i64.load (local.get $ka)))
                          (if (i32.lt_u (local.get $len) (i32.const 8))
                            (then (local.set $h (i64.and (local.get $h)
                              (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3)))) (i64.const 1))))))
                          (local.set $t (i32.wrap_i64 (i64.shr_u
                            (i64.mul (i64.xor (local.get $h) (i64.extend_i32_u (local.get $len))) (i64.const 0x9E3779B97F4A7C15))
                            (i64.const 58))))
                          (block $keyFound
                            (loop $probe
                              (local.set $e (i32.add (local.get $r) (i32.shl (local.get $t) (i32.const 6))))
                              (br_if $keyFound (i32.eqz (i32.load (local.get $e))))
                              (if (i32.eq (i32.load offset=4 (local.get $e)) (local.get $len))
                                (then
                                  (if (i32.and
                                        (i8x16.all_true (i8x16.eq (v128.load offset=16 (local.get $e)) (v128.and (v128.load (local.get $ka))
                                          (i8x16.gt_s (i8x16.splat (local.get $len)) (local.get $iota)))))
                                        (i32.or (i32.le_u (local.get $len) (i32.const 16))
                                          (i8x16.all_true (i8x16.eq (v128.load offset=32 (local.get $e)) (v128.and (v128.load offset=16 (local.get $ka))
                                            (i8x16.gt_s (i8x16.splat (i32.sub (local.get $len) (i32.const 16))) (local.get $iota)))))))
                                    (then
                                      (local.set $id (i32.load (local.get $e)))
                                      (br $keyFound)))))
                              (local.set $t (i32.and (i32.add (local.get $t) (i32.const 1)) (i32.const 63)))
                              (br $probe)))))
                      ;; The pattern for the next line with this key order.
                      (local.set $t (i32.load offset=5248 (i32.add (local.get $r) (i32.shl (local.get $id) (i32.const 2)))))
                      (if (i32.and (i32.ne (local.get $id) (i32.const 0)) (i32.lt_u (local.get $len) (i32.const 14)))
                        (then
                          (v128.store offset=5632 (local.get $pe) (v128.load offset=48 (local.get $t)))
                          (v128.store offset=5648 (local.get $pe) (i8x16.gt_s (i8x16.splat (i32.add (local.get $len) (i32.const 2))) (local.get $iota)))
                          (i32.store offset=5664 (local.get $pe) (local.get $id))
                          (i32.store offset=5668 (local.get $pe) (local.get $len)))
                        (else
                          (v128.store offset=5632 (local.get $pe) (v128.const i32x4 -1 -1 -1 -1))))
                      (local.set $prev (local.get $id))
                      (local.set $i (i32.add (local.get $q) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $i)))
                      (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b2 (loop $l2
                        (br_if $b2 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (local.set $c (i32.load8_u (local.get $i)))
                        (br $l2)))))
                      (br_if $refuse (i32.ne (local.get $c) (i32.const 58)))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $i))))
                    (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b3 (loop $l3
                      (br_if $b3 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $i)))
                      (br $l3)))))
                    ;; $v: the id's value slot (the key's id 0 or auth: only checked, not kept).
                    (local.set $v (i32.add (i32.add (local.get $r) (i32.const 4096)) (i32.shl (local.get $id) (i32.const 4))))
                    (block $value
                      (if (i32.eq (local.get $c) (i32.const 34))
                        (then
                          (local.set $va (i32.add (local.get $i) (i32.const 1)))
                          ;; The value this key had last (its slot), byte for byte with its closing
                          ;; quote: a log repeats its clients, user agents, events and fingerprints.
                          (if (i32.gt_u (local.get $id) (i32.const 4))
                            (then
                              (local.set $slot (i32.load offset=5376 (i32.add (local.get $r) (i32.shl (local.get $id) (i32.const 2)))))
                              (local.set $t (i32.add (local.get $r) (i32.shl (local.get $slot) (i32.const 7))))
                              (local.set $len (i32.load offset=8196 (local.get $t)))
                              (if (i32.and (i32.gt_s (local.get $len) (i32.const 0))
                                    (i32.eq (i32.load8_u (i32.add (local.get $va) (local.get $len))) (i32.const 34)))
                                (then
                                  (local.set $sb (i32.add (local.get $t) (i32.const 8208)))
                                  (block $missed
                                    ;; The first 16 bytes outside the loop: most values are shorter.
                                    (br_if $missed (i32.eqz (i8x16.all_true (i8x16.eq
                                      (v128.load (local.get $sb))
                                      (v128.and (v128.load (local.get $va))
                                        (i8x16.gt_s (i8x16.splat (local.get $len)) (local.get $iota)))))))
                                    (if (i32.gt_u (local.get $len) (i32.const 16))
                                      (then
                                        (local.set $off (i32.const 16))
                                        (loop $predict
                                          (br_if $missed (i32.eqz (i8x16.all_true (i8x16.eq
                                            (v128.load (i32.add (local.get $sb) (local.get $off)))
                                            (v128.and (v128.load (i32.add (local.get $va) (local.get $off)))
                                              (i8x16.gt_s (i8x16.splat (i32.sub (local.get $len) (local.get $off))) (local.get $iota)))))))
                                          (local.set $off (i32.add (local.get $off) (i32.const 16)))
                                          (br_if $predict (i32.lt_u (local.get $off) (local.get $len))))))
                                    (local.set $q (i32.add (local.get $va) (local.get $len)))
                                    (local.set $i (i32.add (local.get $q) (i32.const 1)))
                                    (local.set $c (i32.load8_u (local.get $i)))
                                    (i32.store offset=8 (local.get $v) (i32.sub (local.get $va) (local.get $ptr)))
                                    (i32.store offset=12 (local.get $v) (i32.sub (local.get $q) (local.get $ptr)))
                                    (i32.store offset=8200 (local.get $t) (local.get $batch))
                                    (i32.store (local.get $v) (i32.const 4))
                                    (i32.store offset=4 (local.get $v) (local.get $slot))
                                    (br $value))))))
                          ;; Its end: the first 16 bytes outside the loop (the loop only for longer values).
                          (local.set $q (local.get $va))
                          (local.set $chunk (v128.load (local.get $q)))
                          (local.set $m (i8x16.bitmask (v128.or
                            (v128.or (i8x16.eq (local.get $chunk) (local.get $vQuote)) (i8x16.eq (local.get $chunk) (local.get $vSlash)))
                            (v128.or (i8x16.lt_u (local.get $chunk) (local.get $vSpace)) (i8x16.lt_s (local.get $chunk) (local.get $vZero))))))
                          (if (i32.eqz (local.get $m))
                            (then
                              (block $valueScanFound
                                (loop $valueScan
                                  (local.set $q (i32.add (local.get $q) (i32.const 16)))
                                  (br_if $refuse (i32.ge_u (local.get $q) (local.get $end)))
                                  (local.set $chunk (v128.load (local.get $q)))
                                  (local.set $m (i8x16.bitmask (v128.or
                                    (v128.or (i8x16.eq (local.get $chunk) (local.get $vQuote)) (i8x16.eq (local.get $chunk) (local.get $vSlash)))
                                    (v128.or (i8x16.lt_u (local.get $chunk) (local.get $vSpace)) (i8x16.lt_s (local.get $chunk) (local.get $vZero))))))
                                  (br_if $valueScanFound (local.get $m))
                                  (br $valueScan)))))
                    (local.set $q (i32.add (local.get $q) (i32.ctz (local.get $m))))
                    (br_if $refuse (i32.ge_u (local.get $q) (local.get $end)))
                    (br_if $refuse (i32.ne (i32.load8_u (local.get $q)) (i32.const 34)))
                          (local.set $i (i32.add (local.get $q) (i32.const 1)))
                          (local.set $c (i32.load8_u (local.get $i)))
                          (local.set $len (i32.sub (local.get $q) (local.get $va)))
                          (br_if $value (i32.or (i32.eqz (local.get $id)) (i32.eq (local.get $id) (i32.const 27))))
                          (i32.store offset=8 (local.get $v) (i32.sub (local.get $va) (local.get $ptr)))
                          (i32.store offset=12 (local.get $v) (i32.sub (local.get $q) (local.get $ptr)))
                          (if (i32.le_u (local.get $id) (i32.const 4))
                            (then
                              ;; A time: its bytes ('' reads as absent: start -1).
                              (i32.store (local.get $v) (i32.const 5))
                              (if (i32.eqz (local.get $len)) (then (i32.store offset=8 (local.get $v) (i32.const -1))))
                              (br $value)))
                          (if (i32.eqz (local.get $len))
                            (then
                              (i32.store (local.get $v) (i32.const 6))
                              (br $value)))
                          (if (i32.gt_u (local.get $len) (i32.const 96))
                            (then
                              (i32.store (local.get $v) (i32.const 5))
                              (br $value)))
                          ;; Interned: hashed 16 bytes at a time (the bytes past its end masked off).
                          ;; (The first 16 bytes outside the loop.)
                          (local.set $chunk (v128.and (v128.load (local.get $va))
                            (i8x16.gt_s (i8x16.splat (local.get $len)) (local.get $iota))))
                          (local.set $h (i64.mul (i64x2.extract_lane 0 (local.get $chunk)) (i64.const 0x9E3779B97F4A7C15)))
                          (local.set $h (i64.mul (i64.xor (local.get $h) (i64x2.extract_lane 1 (local.get $chunk))) (i64.const 0xC2B2AE3D27D4EB4F)))
                          (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))))
                          (if (i32.gt_u (local.get $len) (i32.const 16))
                            (then
                              (local.set $off (i32.const 16))
                              (loop $hash
                                (local.set $chunk (v128.and (v128.load (i32.add (local.get $va) (local.get $off)))
                                  (i8x16.gt_s (i8x16.splat (i32.sub (local.get $len) (local.get $off))) (local.get $iota))))
                                (local.set $h (i64.mul (i64.xor (local.get $h) (i64x2.extract_lane 0 (local.get $chunk))) (i64.const 0x9E3779B97F4A7C15)))
                                (local.set $h (i64.mul (i64.xor (local.get $h) (i64x2.extract_lane 1 (local.get $chunk))) (i64.const 0xC2B2AE3D27D4EB4F)))
                                (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))))
                                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                                (br_if $hash (i32.lt_u (local.get $off) (local.get $len))))))
                          (local.set $slot (i32.wrap_i64 (i64.shr_u (local.get $h) (i64.const 52))))
                          (local.set $tag32 (i32.xor (i32.wrap_i64 (local.get $h)) (local.get $len)))
                          (local.set $t (i32.add (local.get $r) (i32.shl (local.get $slot) (i32.const 7))))
                          (local.set $sb (i32.add (local.get $t) (i32.const 8208)))
                          (local.set $same (i32.const 0))
                          (if (i32.and
                                (i32.eq (i32.load offset=8196 (local.get $t)) (local.get $len))
                                (i32.eq (i32.load offset=8192 (local.get $t)) (local.get $tag32)))
                            (then
                              ;; (The first 16 bytes outside the loop.)
                              (local.set $same (i8x16.all_true (i8x16.eq (v128.load (local.get $sb))
                                (v128.and (v128.load (local.get $va)) (i8x16.gt_s (i8x16.splat (local.get $len)) (local.get $iota))))))
                              (if (i32.and (local.get $same) (i32.gt_u (local.get $len) (i32.const 16)))
                                (then
                                  (local.set $off (i32.const 16))
                                  (block $differs
                                    (loop $cmp
                                      (if (i32.eqz (i8x16.all_true (i8x16.eq
                                            (v128.load (i32.add (local.get $sb) (local.get $off)))
                                            (v128.and (v128.load (i32.add (local.get $va) (local.get $off)))
                                              (i8x16.gt_s (i8x16.splat (i32.sub (local.get $len) (local.get $off))) (local.get $iota))))))
                                        (then
                                          (local.set $same (i32.const 0))
                                          (br $differs)))
                                      (local.set $off (i32.add (local.get $off) (i32.const 16)))
                                      (br_if $cmp (i32.lt_u (local.get $off) (local.get $len)))))))))
                          (if (local.get $same)
                            (then
                              (i32.store offset=8200 (local.get $t) (local.get $batch))
                              (i32.store (local.get $v) (i32.const 4))
                              (i32.store offset=4 (local.get $v) (local.get $slot))
                              (i32.store offset=5376 (i32.add (local.get $r) (i32.shl (local.get $id) (i32.const 2))) (local.get $slot))
                              (br $value)))
                          ;; A new value: into its slot, unless the slot served this batch already
                          ;; (JavaScript makes each slot's string once per batch) or the batch's list
                          ;; of new slots is full; then handed on by its bytes.
                          (if (i32.or
                                (i32.eq (i32.load offset=8200 (local.get $t)) (local.get $batch))
                                (i32.ge_u (local.get $nm) (i32.const 4096)))
                            (then
                              (i32.store (local.get $v) (i32.const 5))
                              (br $value)))
                          (local.set $off (i32.const 0))
                          (loop $copy
                            (v128.store (i32.add (local.get $sb) (local.get $off))
                              (v128.and (v128.load (i32.add (local.get $va) (local.get $off)))
                                (i8x16.gt_s (i8x16.splat (i32.sub (local.get $len) (local.get $off))) (local.get $iota))))
                            (local.set $off (i32.add (local.get $off) (i32.const 16)))
                            (br_if $copy (i32.lt_u (local.get $off) (local.get $len))))
                          (i32.store offset=8196 (local.get $t) (local.get $len))
                          (i32.store offset=8192 (local.get $t) (local.get $tag32))
                          (i32.store offset=8200 (local.get $t) (local.get $batch))
                          (local.set $m (i32.add (i32.add (local.get $r) (i32.const 581632)) (i32.mul (local.get $nm) (i32.const 12))))
                          (i32.store (local.get $m) (local.get $slot))
                          (i32.store offset=4 (local.get $m) (i32.sub (local.get $va) (local.get $ptr)))
                          (i32.store offset=8 (local.get $m) (i32.sub (local.get $q) (local.get $ptr)))
                          (local.set $nm (i32.add (local.get $nm) (i32.const 1)))
                          (i32.store (local.get $v) (i32.const 4))
                          (i32.store offset=4 (local.get $v) (local.get $slot))
                          (i32.store offset=5376 (i32.add (local.get $r) (i32.shl (local.get $id) (i32.const 2))) (local.get $slot))
                          (br $value)))
                      (if (i32.or (i32.eq (local.get $c) (i32.const 45)) (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))
                        (then
                          ;; JSON's number grammar; a field read here takes only an integer of up to
                          ;; 15 digits (exact as an f64).
                          (local.set $neg (i32.eq (local.get $c) (i32.const 45)))
                          (if (local.get $neg)
                            (then
                              (local.set $i (i32.add (local.get $i) (i32.const 1)))
                              (local.set $c (i32.load8_u (local.get $i)))))
                          (local.set $whole (f64.const 0))
                          (local.set $plain (i32.const 1))
                          (if (i32.eq (local.get $c) (i32.const 48))
                            (then
                              (local.set $i (i32.add (local.get $i) (i32.const 1)))
                              (local.set $c (i32.load8_u (local.get $i))))
                            (else
                              (br_if $refuse (i32.ge_u (i32.sub (local.get $c) (i32.const 49)) (i32.const 9)))
                              (local.set $digits (i32.const 0))
                              (block $b4 (loop $l4
                                (br_if $b4 (i32.ge_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))
                                (local.set $whole (f64.add (f64.mul (local.get $whole) (f64.const 10)) (f64.convert_i32_u (i32.sub (local.get $c) (i32.const 48)))))
                                (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
                                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                                (local.set $c (i32.load8_u (local.get $i)))
                                (br $l4)))
                              (if (i32.gt_u (local.get $digits) (i32.const 15)) (then (local.set $plain (i32.const 0))))))
                          (if (i32.eq (local.get $c) (i32.const 46))
                            (then
                              (local.set $plain (i32.const 0))
                              (local.set $i (i32.add (local.get $i) (i32.const 1)))
                              (local.set $c (i32.load8_u (local.get $i)))
                              (br_if $refuse (i32.ge_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))
                              (block $b5 (loop $l5
                                (br_if $b5 (i32.ge_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))
                                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                                (local.set $c (i32.load8_u (local.get $i)))
                                (br $l5)))))
                          (if (i32.or (i32.eq (local.get $c) (i32.const 101)) (i32.eq (local.get $c) (i32.const 69)))
                            (then
                              (local.set $plain (i32.const 0))
                              (local.set $i (i32.add (local.get $i) (i32.const 1)))
                              (local.set $c (i32.load8_u (local.get $i)))
                              (if (i32.or (i32.eq (local.get $c) (i32.const 43)) (i32.eq (local.get $c) (i32.const 45)))
                                (then
                                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                                  (local.set $c (i32.load8_u (local.get $i)))))
                              (br_if $refuse (i32.ge_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))
                              (block $b6 (loop $l6
                                (br_if $b6 (i32.ge_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))
                                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                                (local.set $c (i32.load8_u (local.get $i)))
                                (br $l6)))))
                          (br_if $value (i32.or (i32.eqz (local.get $id)) (i32.eq (local.get $id) (i32.const 27))))
                          (br_if $refuse (i32.or (i32.eqz (local.get $plain)) (i32.le_u (local.get $id) (i32.const 4))))
                          (i32.store (local.get $v) (i32.const 7))
                          (f64.store offset=8 (local.get $v) (select (f64.neg (local.get $whole)) (local.get $whole) (local.get $neg)))
                          (br $value)))
                      (if (i32.eq (local.get $c) (i32.const 116))
                        (then
                          (br_if $refuse (i32.ne (i32.load (local.get $i)) (i32.const 0x65757274)))
                          (br_if $refuse (i32.and (i32.ne (local.get $id) (i32.const 0)) (i32.le_u (local.get $id) (i32.const 4))))
                          (i32.store (local.get $v) (i32.const 2))
                          (local.set $i (i32.add (local.get $i) (i32.const 4)))
                          (local.set $c (i32.load8_u (local.get $i)))
                          (br $value)))
                      (if (i32.eq (local.get $c) (i32.const 102))
                        (then
                          (br_if $refuse (i32.ne (i32.load offset=1 (local.get $i)) (i32.const 0x65736c61)))
                          (br_if $refuse (i32.and (i32.ne (local.get $id) (i32.const 0)) (i32.le_u (local.get $id) (i32.const 4))))
                          (i32.store (local.get $v) (i32.const 3))
                          (local.set $i (i32.add (local.get $i) (i32.const 5)))
                          (local.set $c (i32.load8_u (local.get $i)))
                          (br $value)))
                      (if (i32.eq (local.get $c) (i32.const 110))
                        (then
                          (br_if $refuse (i32.ne (i32.load (local.get $i)) (i32.const 0x6c6c756e)))
                          ;; A time key's null: no time from it (start -1).
                          (i32.store (local.get $v) (i32.const 1))
                          (i32.store offset=8 (local.get $v) (i32.const -1))
                          (local.set $i (i32.add (local.get $i) (i32.const 4)))
                          (local.set $c (i32.load8_u (local.get $i)))
                          (br $value)))
                      (br_if $refuse (i32.or (i32.ne (local.get $c) (i32.const 91)) (i32.ne (local.get $id) (i32.const 29))))
                      ;; `channels` as an array of strings (any other element: refused).
                      (i32.store (local.get $v) (i32.const 8))
                      (i32.store offset=8 (local.get $v) (i32.sub (local.get $i) (local.get $ptr)))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $i)))
                      (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b7 (loop $l7
                        (br_if $b7 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (local.set $c (i32.load8_u (local.get $i)))
                        (br $l7)))))
                      (if (i32.ne (local.get $c) (i32.const 93))
                        (then
                          (block $items
                            (loop $item
                              (br_if $refuse (i32.ne (local.get $c) (i32.const 34)))
                              (local.set $q (call $stringEnd (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
                              (br_if $refuse (i32.lt_s (local.get $q) (i32.const 0)))
                              (local.set $i (i32.add (local.get $q) (i32.const 1)))
                              (local.set $c (i32.load8_u (local.get $i)))
                              (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b8 (loop $l8
                                (br_if $b8 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
                                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                                (local.set $c (i32.load8_u (local.get $i)))
                                (br $l8)))))
                              (br_if $items (i32.eq (local.get $c) (i32.const 93)))
                              (br_if $refuse (i32.ne (local.get $c) (i32.const 44)))
                              (local.set $i (i32.add (local.get $i) (i32.const 1)))
                              (local.set $c (i32.load8_u (local.get $i)))
                              (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b9 (loop $l9
                                (br_if $b9 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
                                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                                (local.set $c (i32.load8_u (local.get $i)))
                                (br $l9)))))
                              (br $item)))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $i))))
                    ;; The value, by its key: a key given twice keeps the last, as JSON.parse does.
                    (local.set $seen (i32.or (local.get $seen) (i32.shl (i32.const 1) (local.get $id))))
                    (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b10 (loop $l10
                      (br_if $b10 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $i)))
                      (br $l10)))))
                    (if (i32.eq (local.get $c) (i32.const 125))
                      (then
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (local.set $c (i32.load8_u (local.get $i)))
                        (br $members)))
                    (br_if $refuse (i32.ne (local.get $c) (i32.const 44)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (local.set $c (i32.load8_u (local.get $i)))
                    (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b11 (loop $l11
                      (br_if $b11 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $i)))
                      (br $l11)))))
                    (br $member)))))
            ;; Only blanks (and a \r) up to the line's end.
            (if (i32.le_u (local.get $c) (i32.const 32)) (then (block $b12 (loop $l12
              (br_if $b12 (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (local.set $c (i32.load8_u (local.get $i)))
              (br $l12)))))
            (br_if $refuse (i32.and (i32.lt_u (local.get $i) (local.get $end)) (i32.ne (local.get $c) (i32.const 10))))
            ;; Read: the record.
            (i32.store (local.get $rec) (i32.const 1))
            (i32.store offset=4 (local.get $rec) (i32.sub
              (select
                (i32.sub (local.get $i) (i32.const 1))
                (local.get $i)
                (i32.and (i32.gt_u (local.get $i) (local.get $start)) (i32.eq (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 13))))
              (local.get $ptr)))
            ;; The time: the first alias with a non-empty string ($seen: the ids the line gave).
            (i32.store offset=8 (local.get $rec) (i32.const -1))
            (local.set $m (i32.and (local.get $seen) (i32.const 0x1e)))
            (block $timeFound
              (br_if $timeFound (i32.eqz (local.get $m)))
              (loop $time
                (local.set $v (i32.add (i32.add (local.get $r) (i32.const 4096)) (i32.shl (i32.ctz (local.get $m)) (i32.const 4))))
                (if (i32.ge_s (i32.load offset=8 (local.get $v)) (i32.const 0))
                  (then
                    (i64.store offset=8 (local.get $rec) (i64.load offset=8 (local.get $v)))
                    (br $timeFound)))
                (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
                (br_if $time (local.get $m))))
            ;; parseRfc3339Utc's shape (time.ts) read from the bytes: `YYYY-MM-DDTHH:MM:SS[.1-9
            ;; digits]Z` gives its second and milliseconds (+16; -1: another shape, read from its
            ;; string), and the minute's serial (+20): it changes when the 17 bytes up to the second
            ;; differ from the last such time's, so JavaScript reads the minute once (gateway-bytes-wasm.ts).
            (i32.store offset=16 (local.get $rec) (i32.const -1))
            (local.set $va (i32.load offset=8 (local.get $rec)))
            (if (i32.ge_s (local.get $va) (i32.const 0))
              (then
                (local.set $va (i32.add (local.get $ptr) (local.get $va)))
                (local.set $q (i32.add (local.get $ptr) (i32.load offset=12 (local.get $rec))))
                (local.set $len (i32.sub (local.get $q) (local.get $va)))
                (if (i32.and
                      (i32.and (i32.ge_u (local.get $len) (i32.const 20)) (i32.ne (local.get $len) (i32.const 21)))
                      (i32.and
                        (i32.and (i32.le_u (local.get $len) (i32.const 30)) (i32.eq (i32.load8_u offset=0 (i32.sub (local.get $q) (i32.const 1))) (i32.const 90)))
                        (i32.or (i32.eq (local.get $len) (i32.const 20)) (i32.eq (i32.load8_u offset=19 (local.get $va)) (i32.const 46)))))
                  (then
                    (local.set $plain (i32.and
                      (i32.lt_u (i32.sub (i32.load8_u offset=17 (local.get $va)) (i32.const 48)) (i32.const 10))
                      (i32.lt_u (i32.sub (i32.load8_u offset=18 (local.get $va)) (i32.const 48)) (i32.const 10))))
                    (local.set $digits (i32.const 0))
                    (local.set $off (i32.add (local.get $va) (i32.const 20)))
                    (block $b13 (loop $l13
                      (br_if $b13 (i32.ge_u (local.get $off) (i32.sub (local.get $q) (i32.const 1))))
                      (local.set $c (i32.sub (i32.load8_u (local.get $off)) (i32.const 48)))
                      (if (i32.ge_u (local.get $c) (i32.const 10)) (then (local.set $plain (i32.const 0))))
                      (if (i32.lt_u (local.get $off) (i32.add (local.get $va) (i32.const 23)))
                        (then (local.set $digits (i32.add (i32.mul (local.get $digits) (i32.const 10)) (local.get $c)))))
                      (local.set $off (i32.add (local.get $off) (i32.const 1)))
                      (br $l13)))
                    (local.set $off (i32.sub (local.get $len) (i32.const 1)))
                    (block $b14 (loop $l14
                      (br_if $b14 (i32.ge_u (local.get $off) (i32.const 23)))
                      (local.set $digits (i32.mul (local.get $digits) (i32.const 10)))
                      (local.set $off (i32.add (local.get $off) (i32.const 1)))
                      (br $l14)))
                    (local.set $m (i32.add
                      (i32.mul (i32.sub (i32.load8_u offset=17 (local.get $va)) (i32.const 48)) (i32.const 10))
                      (i32.sub (i32.load8_u offset=18 (local.get $va)) (i32.const 48))))
                    (if (i32.and (local.get $plain) (i32.le_u (local.get $m) (i32.const 60)))
                      (then
                        (i32.store offset=16 (local.get $rec) (i32.add (i32.mul (local.get $m) (i32.const 1000)) (local.get $digits)))
                        (local.set $t (i32.add (local.get $r) (i32.const 5504)))
                        (if (i32.eqz (i32.and
                              (i8x16.all_true (i8x16.eq (v128.load (local.get $va)) (v128.load (local.get $t))))
                              (i32.eq (i32.load8_u offset=16 (local.get $va)) (i32.load8_u offset=16 (local.get $t)))))
                          (then
                            (global.set $minute (i32.add (global.get $minute) (i32.const 1)))
                            (v128.store (local.get $t) (v128.load (local.get $va)))
                            (i32.store8 offset=16 (local.get $t) (i32.load8_u offset=16 (local.get $va)))))
                        (i32.store offset=20 (local.get $rec) (global.get $minute))))))))
            ;; The fields through their alias chains (the table init wrote at R+4864): the chain's
            ;; ids the line gave, lowest first, without a loop when the first is taken.
            (local.set $t (i32.add (local.get $r) (i32.const 4864)))
            (loop $field
              (local.set $e (i32.add (local.get $rec) (i32.load offset=12 (local.get $t))))
              (v128.store (local.get $e) (v128.const i64x2 0 0))
              (local.set $m (i32.and (local.get $seen) (i32.load (local.get $t))))
              (if (local.get $m)
                (then
                  (block $picked
                    (loop $alias
                      (local.set $v (i32.add (i32.add (local.get $r) (i32.const 4096)) (i32.shl (i32.ctz (local.get $m)) (i32.const 4))))
                      (local.set $id (i32.load (local.get $v)))
                      ;; A chain skips null and ''; a single key's value is taken as it is.
                      (if (i32.or (i32.load offset=8 (local.get $t))
                            (i32.and (i32.ne (local.get $id) (i32.const 1)) (i32.ne (local.get $id) (i32.const 6))))
                        (then
                          (v128.store (local.get $e) (v128.load (local.get $v)))
                          (br $picked)))
                      (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
                      (br_if $alias (local.get $m))))))
              (local.set $t (i32.add (local.get $t) (i32.const 16)))
              (br_if $field (i32.lt_u (local.get $t) (i32.add (local.get $r) (i32.const 5024)))))
            (br $read))
          ;; Refused: the slots it filled hold no string JavaScript made (they match nothing now).
          (i32.store (local.get $rec) (i32.const 0))
          (block $undone
            (loop $undo
              (br_if $undone (i32.ge_u (local.get $lineNm) (local.get $nm)))
              (local.set $nm (i32.sub (local.get $nm) (i32.const 1)))
              (i32.store offset=8196
                (i32.add (local.get $r) (i32.shl (i32.load (i32.add (i32.add (local.get $r) (i32.const 581632)) (i32.mul (local.get $nm) (i32.const 12)))) (i32.const 7)))
                (i32.const -1))
              (br $undo))))
        (br $line)))
    (local.get $nm))
)
