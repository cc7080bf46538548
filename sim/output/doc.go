// Package output writes run results as tidy CSV files and a JSON manifest,
// and replications' checkpoints.
//
// Every file is written atomically: to a temporary file in the destination
// directory, synced, then renamed over the final name, so a reader (or an
// interrupted run) never sees a half-written file. Numbers are formatted
// deterministically, so the same results give byte-identical files on any
// machine with the same floating-point results. Checkpoints (EncodeResult)
// hold a model.Result bit for bit, so files written from them — after a
// resumed run or a merge of shards — are the same bytes as those written
// by one uninterrupted run.
package output
