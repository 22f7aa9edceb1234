package dev.seedflow.seedance.cost;

/**
 * What a video will cost in tokens, known before anything is paid.
 *
 * @param upperBound true when something was not known and its largest allowed value was counted (a
 *     duration the model chooses, an adaptive ratio, input videos of unknown length)
 * @param basis the factors, as a message names them: {@code "1080p 16:9 (1920x1080) x 15 s"}
 * @param seconds the seconds of video made, what a host that bills per second is paid for
 * @param resolution the resolution counted, which picks the price row
 * @param videoInput whether the request gives input videos, which picks the price row too (BytePlus
 *     prices them lower)
 */
public record TokenEstimate(
    long tokens,
    boolean upperBound,
    String basis,
    double seconds,
    String resolution,
    boolean videoInput) {}
