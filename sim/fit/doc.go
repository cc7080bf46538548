// Package fit estimates flowsim's duration distributions from data: a
// column of lengths of stay from a patient-level extract, some of them
// same-day stays (recorded as zero, or as fractions of a day with a flag)
// and some right-censored (patients still in hospital when the data were
// extracted).
//
// Fit fits the exponential, lognormal, gamma and Weibull families by
// maximum likelihood, with the survival function standing in for the
// density of each censored row, and ranks them by AIC. The model has the
// shape of the scenario cohorts: same-day stays are not forced into a
// continuous family but become a fixed branch of a mixture — their share
// its probability, their mean its value — and the families are fitted to
// the other stays. Result.Misses flags a fit whose mean or 95th
// percentile is more than 10% from the data's. Each fit reports its parameters with
// standard errors from the observed information, and a Kolmogorov–Smirnov
// distance to the data (to the Kaplan–Meier estimate when rows are
// censored). Fit.Snippet writes the result in the scenario format.
//
// ArrivalProfile estimates an hour-of-day × weekday profile of arrival
// rates from arrival timestamps, in the relative-multiplier form scenarios
// use.
//
// ReadCSV reads the columns from a CSV file, keeping the rows that pass
// its filters, with errors that name the file, line and column (a bad
// cell spoils only the stay or the arrival it belongs to); NewFigure prepares the data for a QQ and density plot.
// The package does no printing and no plotting itself.
package fit
