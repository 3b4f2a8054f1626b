// Lightbox's decoder process: decodes compressed DICOM films for Lightbox over a socket, under a
// memory cap, so that a codec's crash or runaway allocation ends this process and not the review.
// Started by Storage/DecoderProcess.swift; not meant to be run by hand.
import Storage

DecoderServer.run(arguments: CommandLine.arguments)
