terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.14, < 8.0"
    }
  }

  # State lives in a bucket created once by hand (see infra/README.md); its name is given at init time:
  # terraform init -backend-config="bucket=<project>-tfstate"
  backend "gcs" {
    prefix = "rebound/prod"
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}
