// DrydockCredentials
