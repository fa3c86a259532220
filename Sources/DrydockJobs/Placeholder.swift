// DrydockJobs
