"""The programme's pages, one module per concern: the public schedule and certificate
check, a trainee's schedule and calendar, programme and assignments, certificate and
register data, the finalist's invitation, and the grading queue."""
