#!/usr/bin/env bash
# Print the CMake flags for a portable build of llama.cpp's CPU backend (the local runtime).
#
# Never -march=native: a CPU flag list is no proof that the OS lets a program use a feature
# (a VM can list AMX and fault on its first tile instruction). Each instruction group is
# switched on only when a small program compiled for it runs here; AMX stays off.
# stdout: the CMAKE_ARGS line; stderr with --explain: one line naming the features.
set -euo pipefail

CC="${CC:-cc}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# probe NAME GCC_FLAGS C_BODY: true when the body compiles with the flags and runs cleanly.
probe() {
  printf '#include <immintrin.h>\n#include <stdint.h>\nint main(void){%s}\n' "$3" >"$work/$1.c"
  "$CC" -O0 $2 -o "$work/$1" "$work/$1.c" 2>/dev/null && { "$work/$1"; } >/dev/null 2>&1
}

features=()
args=(-DGGML_NATIVE=OFF -DGGML_CPU_ALL_VARIANTS=OFF -DGGML_BACKEND_DL=OFF
      -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_AVX_VNNI=OFF
      -DGGML_AVX512_VBMI=OFF)

if probe sse42 "-msse4.2" 'volatile int x=3; return _mm_crc32_u32(0,x)==0xdeadbeef;'; then
  args+=(-DGGML_SSE42=ON); features+=(SSE4.2)
else
  args+=(-DGGML_SSE42=OFF)
fi
if probe avx "-mavx" 'volatile float x=1.5f; __m256 a=_mm256_set1_ps(x);
  volatile float r=_mm256_cvtss_f32(_mm256_add_ps(a,a)); return r==0.0f;'; then
  args+=(-DGGML_AVX=ON); features+=(AVX)
  avx=1
else
  args+=(-DGGML_AVX=OFF); avx=0
fi
if [ "$avx" = 1 ] && probe avx2 "-mavx2 -mfma -mf16c" 'volatile float x=1.5f;
  __m256 a=_mm256_set1_ps(x); __m256 b=_mm256_fmadd_ps(a,a,a);
  __m256i i=_mm256_add_epi32(_mm256_castps_si256(b),_mm256_castps_si256(a));
  __m128i h=_mm256_cvtps_ph(b,0);
  volatile int r=_mm256_extract_epi32(i,0)+_mm_extract_epi16(h,0); return r==0x7fffffff;'; then
  args+=(-DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON); features+=(AVX2 FMA F16C)
  avx2=1
else
  args+=(-DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF); avx2=0
fi
if probe bmi2 "-mbmi2" 'volatile uint32_t x=0xf0f0; return _pdep_u32(x,0xffff)==1;'; then
  args+=(-DGGML_BMI2=ON); features+=(BMI2)
else
  args+=(-DGGML_BMI2=OFF)
fi
avx512_body='volatile int x=3; __m512i a=_mm512_set1_epi32(x);
  __m512i b=_mm512_add_epi8(_mm512_add_epi32(a,a),a);
  __m256i c=_mm256_maskz_add_epi32(0xff,_mm512_castsi512_si256(b),_mm512_castsi512_si256(b));
  __m512d d=_mm512_and_pd(_mm512_castsi512_pd(b),_mm512_castsi512_pd(a));
  volatile int r=_mm256_extract_epi32(c,0)+_mm512_reduce_add_epi32(_mm512_castpd_si512(d));
  return r==0x7fffffff;'
if [ "$avx2" = 1 ] && probe avx512 "-mavx512f -mavx512cd -mavx512vl -mavx512dq -mavx512bw" \
    "$avx512_body"; then
  args+=(-DGGML_AVX512=ON); features+=(AVX512)
  if probe vnni "-mavx512f -mavx512vnni" 'volatile int x=3; __m512i a=_mm512_set1_epi32(x);
    __m512i r=_mm512_dpbusd_epi32(a,a,a); volatile int s=_mm512_reduce_add_epi32(r);
    return s==0x7fffffff;'; then
    args+=(-DGGML_AVX512_VNNI=ON); features+=(AVX512-VNNI)
  else
    args+=(-DGGML_AVX512_VNNI=OFF)
  fi
  if probe bf16 "-mavx512f -mavx512bf16" 'volatile float x=1.5f; __m512 a=_mm512_set1_ps(x);
    __m512bh h=_mm512_cvtne2ps_pbh(a,a); __m512 r=_mm512_dpbf16_ps(a,h,h);
    volatile float s=_mm512_reduce_add_ps(r); return s==0.0f;'; then
    args+=(-DGGML_AVX512_BF16=ON); features+=(AVX512-BF16)
  else
    args+=(-DGGML_AVX512_BF16=OFF)
  fi
else
  args+=(-DGGML_AVX512=OFF -DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF)
fi

if [ "${1:-}" = "--explain" ]; then
  echo "local runtime: portable build for ${features[*]:-baseline x86-64}; AMX off, no -march=native" >&2
fi
echo "${args[*]}"
