// GoogleOAuthEmulator
