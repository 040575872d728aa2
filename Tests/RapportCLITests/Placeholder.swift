// CLI tests run the built binary.
