#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Vectorised `tanh`, `sigmoid` and `exp` for the pointwise parts of the layers (LSTM gates,
/// attention, softmax), about a hundred times faster than the scalar Foundation functions.
///
/// - `tanh`: a [9/8] odd rational approximation fitted (minimax) on [0, 9], with the input
///   clamped to ±9 where tanh rounds to ±1 in Float. Max abs error ≈ 3.2e-7 over the reals;
///   ±∞ and huge inputs give exactly ±1; NaN stays NaN.
/// - `sigmoid(x) = ½ + ½·tanh(x/2)`: max abs error ≈ 1.9e-7; exactly 0 and 1 far out.
/// - `exp`: range reduction to 2ⁿ·e^r with |r| ≤ ln2/2 and a degree-7 Taylor polynomial;
///   relative error ≈ 1e-7; 0 below −87.33 (and for −∞), +∞ above 88.72.
///
/// The SIMD16 functions are `@inline(always)` so that fused loops in the layers keep every
/// intermediate in registers.
public enum FastMath {
    public typealias Vector = SIMD16<Float>

    /// The square root of each lane, correctly rounded like `Float.squareRoot()` (so bitwise
    /// the same). The standard library's `SIMD16.squareRoot()` compiles to sixteen scalar
    /// square roots, each behind a branch to the C library's `sqrtf` for negative inputs
    /// (measured: Adam's pass ran at about 6 cycles per element, bound by them, 10 ms per
    /// whole-corpus lstm step on one thread); SSE's `sqrtps` takes four lanes per instruction.
    @inline(always)
    public static func squareRoot(_ x: Vector) -> Vector {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        let low = SIMD8(lowHalf: _mm_sqrt_ps(x.lowHalf.lowHalf), highHalf: _mm_sqrt_ps(x.lowHalf.highHalf))
        let high = SIMD8(lowHalf: _mm_sqrt_ps(x.highHalf.lowHalf), highHalf: _mm_sqrt_ps(x.highHalf.highHalf))
        return Vector(lowHalf: low, highHalf: high)
        #else
        return x.squareRoot()
        #endif
    }

    /// The hyperbolic tangent of each lane.
    @inlinable @inline(always)
    public static func tanh(_ x: Vector) -> Vector {
        // tanh(x) ≈ x·P(x²)/Q(x²) on [−9, 9]; coefficients fitted for this project (weighted
        // least squares with Lawson reweighting towards minimax).
        let limit: Float = 9
        var clamped = x
        clamped.replace(with: limit, where: x .> limit)
        clamped.replace(with: -limit, where: x .< -limit)
        let s = clamped * clamped
        var p = Vector(repeating: 2.0471838070437905e-05).addingProduct(Vector(repeating: 1.3184235195287914e-08), s)
        p = Vector(repeating: 0.0034865823190344345).addingProduct(p, s)
        p = Vector(repeating: 0.13373198041338727).addingProduct(p, s)
        p = Vector(repeating: 0.999999906372433).addingProduct(p, s)
        var q = Vector(repeating: 0.00032713861071426175).addingProduct(Vector(repeating: 7.702667942119044e-07), s)
        q = Vector(repeating: 0.025841980772771268).addingProduct(q, s)
        q = Vector(repeating: 0.46706494904886514).addingProduct(q, s)
        q = Vector(repeating: 1).addingProduct(q, s)
        var result = clamped * p / q
        // Beyond 8.7 the exact tanh rounds to ±1; snapping there (and capping the approximation
        // at ±1 below it) keeps |tanh| ≤ 1 and makes saturation exact.
        let saturation: Float = 8.7
        result.replace(with: 1, where: (x .> saturation) .| (result .> 1))
        result.replace(with: -1, where: (x .< -saturation) .| (result .< -1))
        return result
    }

    /// The logistic function 1 / (1 + e⁻ˣ) of each lane.
    @inlinable @inline(always)
    public static func sigmoid(_ x: Vector) -> Vector {
        Vector(repeating: 0.5).addingProduct(0.5, tanh(0.5 * x))
    }

    /// e raised to each lane.
    @inlinable @inline(always)
    public static func exp(_ x: Vector) -> Vector {
        // e^x = 2ⁿ·e^r with n = round(x/ln2) and r = x − n·ln2 (ln2 split in two so that
        // n·ln2High is exact).
        let upper: Float = 88.72283, lower: Float = -87.33654
        var clamped = x
        clamped.replace(with: upper, where: x .> upper)
        clamped.replace(with: lower, where: x .< lower)
        // Adding 1.5·2²³ rounds to the nearest integer n and leaves n in the low mantissa bits,
        // which avoids a (trapping, NaN-unsafe) float-to-integer conversion.
        let magic: Float = 12_582_912
        clamped.replace(with: 0, where: x .!= x)
        let shifted = Vector(repeating: magic).addingProduct(clamped, 1.4426950408889634)
        let n = shifted - magic
        let r = clamped.addingProduct(-0.693145751953125, n).addingProduct(-1.4286068203094173e-06, n)
        var p = Vector(repeating: 1.0 / 5040).addingProduct(Vector(repeating: 1.0 / 40320), r)
        p = Vector(repeating: 1.0 / 720).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 120).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 24).addingProduct(p, r)
        p = Vector(repeating: 1.0 / 6).addingProduct(p, r)
        p = Vector(repeating: 0.5).addingProduct(p, r)
        p = Vector(repeating: 1).addingProduct(p, r)
        p = Vector(repeating: 1).addingProduct(p, r)
        // 2ⁿ built from exponent bits, split as 2^(n/2)·2^(n−n/2) so that n = 128 stays finite.
        let exponent = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        let half = exponent &>> 1
        let scaleA = unsafeBitCast((half &+ 127) &<< 23, to: Vector.self)
        let scaleB = unsafeBitCast((exponent &- half &+ 127) &<< 23, to: Vector.self)
        var result = p * scaleA * scaleB
        result.replace(with: 0, where: x .< lower)
        result.replace(with: .infinity, where: x .> upper)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// Scalar `tanh`, bitwise equal to lane results of the SIMD version.
    @inlinable @inline(always)
    public static func tanh(_ x: Float) -> Float { tanh(Vector(repeating: x))[0] }

    /// Scalar `sigmoid`, bitwise equal to lane results of the SIMD version.
    @inlinable @inline(always)
    public static func sigmoid(_ x: Float) -> Float { sigmoid(Vector(repeating: x))[0] }

    /// Scalar `exp`, bitwise equal to lane results of the SIMD version.
    @inlinable @inline(always)
    public static func exp(_ x: Float) -> Float { exp(Vector(repeating: x))[0] }

    // The buffer loops are written out rather than sharing a helper that takes the function
    // as a closure: the compiler merged such helpers and called the function through a pointer.

    /// `output[i] = tanh(input[i])` for `i < count`; `input` and `output` may be the same buffer.
    public static func tanh(in input: UnsafePointer<Float>, out output: UnsafeMutablePointer<Float>, count: Int) {
        var index = 0
        while index &+ 16 <= count {
            store(tanh(load(input + index)), output + index)
            index &+= 16
        }
        if index < count { storeTail(tanh(loadTail(input + index, count &- index)), output + index, count &- index) }
    }

    /// `output[i] = sigmoid(input[i])` for `i < count`; `input` and `output` may be the same buffer.
    public static func sigmoid(in input: UnsafePointer<Float>, out output: UnsafeMutablePointer<Float>, count: Int) {
        var index = 0
        while index &+ 16 <= count {
            store(sigmoid(load(input + index)), output + index)
            index &+= 16
        }
        if index < count { storeTail(sigmoid(loadTail(input + index, count &- index)), output + index, count &- index) }
    }

    /// `output[i] = exp(input[i])` for `i < count`; `input` and `output` may be the same buffer.
    public static func exp(in input: UnsafePointer<Float>, out output: UnsafeMutablePointer<Float>, count: Int) {
        var index = 0
        while index &+ 16 <= count {
            store(exp(load(input + index)), output + index)
            index &+= 16
        }
        if index < count { storeTail(exp(loadTail(input + index, count &- index)), output + index, count &- index) }
    }

    @inline(always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(always)
    static func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
    }

    /// The first `count` (< 16) floats at `pointer`, zero in the other lanes.
    static func loadTail(_ pointer: UnsafePointer<Float>, _ count: Int) -> Vector {
        var vector = Vector()
        for lane in 0..<count { vector[lane] = pointer[lane] }
        return vector
    }

    static func storeTail(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>, _ count: Int) {
        for lane in 0..<count { pointer[lane] = vector[lane] }
    }
}
