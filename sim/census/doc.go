// Package census owns the census file format: a CSV of the patients in
// the system at time zero, one row a patient in a G&A bed, on a virtual
// ward, in a discharge-to-assess place or on a p1–p3 service, so that a
// run starts "from Monday" rather than from an empty hospital.
//
// Read and Parse turn a file into rows, refusing what no census can hold
// (a missing column, a value that is not a number, NaN, Inf, a time beyond
// a century, a unit that contradicts the pathway) with an error reading
// "file:line: column: what was expected"; Write writes rows back (flowsim
// run --write-census). What a row means for a given scenario — whether its
// site, cohort and unit exist, whether a unit holds more patients than it
// has places — is the model's to check.
package census
