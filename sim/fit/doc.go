// Package fit estimates flowsim's duration distributions from data: a
// column of lengths of stay from a patient-level extract, some of them
// zero (same-day discharges) and some right-censored (patients still in
// hospital when the data were extracted).
//
// Fit fits the exponential, lognormal, gamma and Weibull families by
// maximum likelihood, with the survival function standing in for the
// density of each censored row, and ranks them by AIC. Zero stays are not
// forced into a continuous family: their share becomes a separate point
// mass at zero (a "fixed 0h" branch of a mixture) and the families are
// fitted to the positive stays. Each fit reports its parameters with
// standard errors from the observed information, and a Kolmogorov–Smirnov
// distance to the data (to the Kaplan–Meier estimate when rows are
// censored). Fit.Snippet writes the result in the scenario format.
//
// ArrivalProfile estimates an hour-of-day × weekday profile of arrival
// rates from arrival timestamps, in the relative-multiplier form scenarios
// use.
//
// ReadCSV reads the columns from a CSV file with errors that name the file,
// line and column; NewFigure prepares the data for a QQ and density plot.
// The package does no printing and no plotting itself.
package fit
